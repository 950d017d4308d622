import type { GraphDocument } from '../graph/types';

/**
 * A built-in graph as the app lists it: its document is loaded on demand, so the page does not
 * carry every preset (the trained LeNet's weights alone are about 330 kB) before one is picked.
 */
export interface PresetEntry {
  id: string;
  name: string;
  description: string;
  /** The document, built or fetched on first use. Shared: clone it (structuredClone) before editing. */
  load(): Promise<GraphDocument>;
}

// JSON imports type `format` as string; the preset tests parse every one with the schema.
const asDocument = (json: unknown): GraphDocument => json as GraphDocument;

/** The built-in graphs, LeNet-5 first; each document is its own chunk, fetched by `load`. */
export const PRESET_CATALOG: readonly PresetEntry[] = [
  {
    id: 'lenet5',
    name: 'LeNet-5',
    description: 'LeCun et al. 1998: 32x32x1 -> C1 6@5x5 -> S2 avg pool -> C3 16@5x5 -> S4 -> C5 120@5x5 -> F6 84 -> 10, tanh. 61,706 params.',
    load: () => import('./lenet5.json').then((m) => asDocument(m.default)),
  },
  {
    id: 'lenet5-mnist',
    name: 'LeNet-5 for MNIST',
    description: "The modern LeNet on 28x28 MNIST digits: ReLU, max pooling, and 'same' padding on C1 so the rest matches LeNet-5.",
    load: () => import('./lenet5-mnist.json').then((m) => asDocument(m.default)),
  },
  {
    id: 'lenet5-mnist-trained',
    name: 'LeNet-5 for MNIST (trained)',
    description: 'The same LeNet with trained weights (the project\'s own trainer, Adam with a cosine schedule, 10 epochs over 9,000 MNIST digits shifted up to 2 px): 98.4% of 1,000 held-out test digits right, the very digits the MNIST picker shows.',
    load: () => import('./lenet5-mnist-trained.json').then((m) => asDocument(m.default)),
  },
  {
    id: 'tinyvgg',
    name: 'TinyVGG',
    description: "CNN Explainer's TinyVGG: 64x64x3, two blocks of [conv 3x3 10, conv 3x3 10, max pool 2x2], then 10 classes.",
    load: () => import('./tinyvgg.json').then((m) => asDocument(m.default)),
  },
  {
    id: 'vgg16',
    name: 'VGG-16',
    description: 'Simonyan & Zisserman 2014, configuration D: 13 3x3 convs, 5 max pools, 4096-4096-1000. 138,357,544 params, ~15.5 G MACs.',
    load: () => import('./vgg16.json').then((m) => asDocument(m.default)),
  },
  {
    id: 'resnet-block',
    name: 'ResNet basic block',
    description: 'He et al. 2015: conv 3x3 + BatchNorm + ReLU, conv 3x3 + BatchNorm, added to the identity skip, then ReLU (56x56x64).',
    load: () => import('./resnet-block.json').then((m) => asDocument(m.default)),
  },
  {
    id: 'inception-block',
    name: 'Inception module',
    description: 'GoogLeNet inception (3a), Szegedy et al. 2014: 1x1, 1x1->3x3, 1x1->5x5 and pool->1x1 branches concatenated to 256 channels.',
    load: () => import('./inception-block.json').then((m) => asDocument(m.default)),
  },
  {
    id: 'mobilenetv2',
    name: 'MobileNetV2',
    description: 'Sandler et al. 2018 as Keras builds it (width 1.0, 224x224x3): inverted residuals of 1x1 expansion, 3x3 depthwise and linear 1x1 projection with ReLU6. 3,538,984 params, 3,504,872 trainable.',
    load: () => import('./builders/mobilenetv2').then((m) => m.buildMobilenetV2()),
  },
  {
    id: 'resnet18',
    name: 'ResNet-18',
    description: 'He et al. 2015 as torchvision builds it: basic blocks [2, 2, 2, 2], no conv bias, BatchNorm, 224x224x3 to 1000 logits. 11,689,512 params.',
    load: () => import('./builders/resnet').then((m) => m.buildResnet18()),
  },
  {
    id: 'resnet50',
    name: 'ResNet-50',
    description: 'He et al. 2015 as torchvision builds it: bottlenecks [3, 4, 6, 3] with the stride on the 3x3 convolution. 25,557,032 params, receptive field 427 at the last stage.',
    load: () => import('./builders/resnet').then((m) => m.buildResnet50()),
  },
  {
    id: 'squeezenet1_1',
    name: 'SqueezeNet 1.1',
    description: 'Iandola et al. 2016, revision 1.1 as torchvision builds it: Fire modules (1x1 squeeze, 1x1 and 3x3 expands concatenated), 3x3/2 max pools in ceil mode, a 1x1 conv to 1000 classes and global average pooling. 1,235,496 params.',
    load: () => import('./builders/squeezenet').then((m) => m.buildSqueezenet11()),
  },
  {
    id: 'efficientnet_b0',
    name: 'EfficientNet-B0',
    description: 'Tan & Le 2019 as torchvision builds it: MBConv blocks (1x1 expansion, depthwise 3x3 or 5x5, squeeze-and-excitation gate, linear 1x1 projection) with SiLU. 5,288,548 params.',
    load: () => import('./builders/efficientnet').then((m) => m.buildEfficientNetB0()),
  },
  {
    id: 'unet',
    name: 'U-Net',
    description: 'Ronneberger et al. 2015: 572x572x1, valid 3x3 convolutions, 2x2 up-convolutions and cropped skip connections (Cropping2D + Concatenate) to a 388x388x2 segmentation map.',
    load: () => import('./builders/unet').then((m) => m.buildUnet()),
  },
  {
    id: 'kernel-playground',
    name: 'Kernel playground',
    description: 'One Conv2D whose six fixed 3x3 filters are the classic kernels: identity, two edge detectors, box blur, sharpen, Gaussian blur.',
    load: () => import('./kernelPlayground').then((m) => m.createKernelPlaygroundPreset()),
  },
];
