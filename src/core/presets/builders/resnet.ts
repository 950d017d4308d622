import type { GraphDocument } from '../../graph/types';
import { createGraphBuilder, type GraphBuilder } from './graphBuilder';

/**
 * ResNet-18 and ResNet-50 as torchvision builds them (He et al. 2015, torchvision's variant):
 * convolutions without bias, each followed by BatchNorm (eps 1e-5), the stride of a bottleneck on
 * its 3x3 convolution, a 1x1 convolution + BatchNorm on the shortcut where the shape changes,
 * global average pooling and a 1000-way Dense. Names are torchvision's module paths.
 */

const BN = { epsilon: 1e-5 };

function convBn(b: GraphBuilder, name: string, bn: string, input: string, filters: number, kernelSize: number, strides: number, padding: number): string {
  const conv = b.add('Conv2D', name, { filters, kernelSize, strides, padding, activation: 'linear', useBias: false }, [input]);
  return b.add('BatchNorm', bn, BN, [conv]);
}

function relu(b: GraphBuilder, name: string, input: string): string {
  return b.add('Activation', name, { fn: 'relu' }, [input]);
}

function stem(b: GraphBuilder): string {
  const input = b.add('Input', 'input', { shape: [224, 224, 3] }, []);
  const x = relu(b, 'relu', convBn(b, 'conv1', 'bn1', input, 64, 7, 2, 3));
  return b.add('MaxPool2D', 'maxpool', { poolSize: 3, strides: 2, padding: 1 }, [x]);
}

function head(b: GraphBuilder, x: string): void {
  const pooled = b.add('GlobalAvgPool2D', 'avgpool', {}, [x]);
  // torchvision's classifier gives logits; a softmax after it is the user's choice.
  b.add('Dense', 'fc', { units: 1000, activation: 'linear', useBias: true }, [pooled]);
}

function basicBlock(b: GraphBuilder, p: string, x: string, inC: number, filters: number, stride: number): string {
  let y = relu(b, `${p}.relu1`, convBn(b, `${p}.conv1`, `${p}.bn1`, x, filters, 3, stride, 1));
  y = convBn(b, `${p}.conv2`, `${p}.bn2`, y, filters, 3, 1, 1);
  const shortcut = stride !== 1 || inC !== filters ? convBn(b, `${p}.downsample.0`, `${p}.downsample.1`, x, filters, 1, stride, 0) : x;
  return relu(b, `${p}.relu2`, b.add('Add', `${p}.add`, {}, [y, shortcut]));
}

function bottleneck(b: GraphBuilder, p: string, x: string, inC: number, width: number, stride: number): string {
  const out = width * 4;
  let y = relu(b, `${p}.relu1`, convBn(b, `${p}.conv1`, `${p}.bn1`, x, width, 1, 1, 0));
  y = relu(b, `${p}.relu2`, convBn(b, `${p}.conv2`, `${p}.bn2`, y, width, 3, stride, 1));
  y = convBn(b, `${p}.conv3`, `${p}.bn3`, y, out, 1, 1, 0);
  return relu(b, `${p}.relu3`, b.add('Add', `${p}.add`, {}, [y, shortcut(b, p, x, inC, out, stride)]));
}

/**
 * The identity, a 1x1 convolution + BatchNorm where the channels change (torchvision's
 * `downsample`), or TF-slim's parameter-free subsampling (a 1x1 max pool) where only the size does.
 */
function shortcut(b: GraphBuilder, p: string, x: string, inC: number, out: number, stride: number): string {
  if (inC !== out) return convBn(b, `${p}.downsample.0`, `${p}.downsample.1`, x, out, 1, stride, 0);
  return stride === 1 ? x : b.add('MaxPool2D', `${p}.subsample`, { poolSize: 1, strides: stride }, [x]);
}

/** ResNet-18: basic blocks [2, 2, 2, 2]; 11,689,512 params. */
export function buildResnet18(): GraphDocument {
  const b = createGraphBuilder();
  let x = stem(b);
  let inC = 64;
  [64, 128, 256, 512].forEach((filters, stage) => {
    for (let i = 0; i < 2; i++) {
      x = basicBlock(b, `layer${stage + 1}.${i}`, x, inC, filters, i === 0 && stage > 0 ? 2 : 1);
      inC = filters;
    }
  });
  head(b, x);
  return b.build('ResNet-18');
}

/**
 * Where a bottleneck stage downsamples: torchvision strides the first block of stages 2-4;
 * TF-slim's resnet_v1 strides the last block of stages 1-3. The parameters are the same, the
 * receptive fields are not (427 against 483 pixels at the last stage).
 */
export type StridePlacement = 'torchvision' | 'tf-slim';

/** ResNet-50: bottlenecks [3, 4, 6, 3], stride on the 3x3 (torchvision's "v1.5"); 25,557,032 params. */
export function buildResnet50(placement: StridePlacement = 'torchvision'): GraphDocument {
  const b = createGraphBuilder();
  let x = stem(b);
  let inC = 64;
  [[64, 3], [128, 4], [256, 6], [512, 3]].forEach(([width, blocks], stage) => {
    for (let i = 0; i < blocks; i++) {
      const strided = placement === 'torchvision' ? i === 0 && stage > 0 : i === blocks - 1 && stage < 3;
      x = bottleneck(b, `layer${stage + 1}.${i}`, x, inC, width, strided ? 2 : 1);
      inC = width * 4;
    }
  });
  head(b, x);
  return b.build(placement === 'torchvision' ? 'ResNet-50' : 'ResNet-50 (TF-slim strides)');
}
