import type { GraphDocument } from '../../graph/types';
import { createGraphBuilder, type GraphBuilder } from './graphBuilder';

/**
 * MobileNetV2 as Keras builds it (Sandler et al. 2018; keras.applications.MobileNetV2, width 1.0,
 * 224x224x3, 1000 classes), with Keras' layer names: inverted residual blocks of a 1x1 expansion,
 * a 3x3 depthwise convolution and a linear 1x1 projection, each with BatchNorm (eps 1e-3) and
 * ReLU6 but the last. Keras pads stride-2 depthwise convolutions with ZeroPadding2D then 'valid',
 * which on even sizes is exactly TensorFlow's 'same'. 3,538,984 params, 3,504,872 trainable.
 */

const BN = { epsilon: 1e-3 };

/** (expansion t, output channels c, repeats n, first stride s), from the paper's Table 2. */
const BLOCKS: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

function pointwise(b: GraphBuilder, name: string, input: string, filters: number): string {
  const conv = b.add('Conv2D', name, { filters, kernelSize: 1, padding: 'same', activation: 'linear', useBias: false }, [input]);
  return b.add('BatchNorm', `${name}_BN`, BN, [conv]);
}

function relu6(b: GraphBuilder, name: string, input: string): string {
  return b.add('Activation', name, { fn: 'relu6' }, [input]);
}

function invertedResidual(b: GraphBuilder, x: string, index: number, inC: number, t: number, outC: number, stride: number): string {
  const p = index === 0 ? 'expanded_conv' : `block_${index}`;
  let y = x;
  if (t !== 1) y = relu6(b, `${p}_expand_relu`, pointwise(b, `${p}_expand`, y, inC * t));
  const dw = b.add('DepthwiseConv2D', `${p}_depthwise`, { kernelSize: 3, strides: stride, padding: 'same', depthMultiplier: 1, activation: 'linear', useBias: false }, [y]);
  y = relu6(b, `${p}_depthwise_relu`, b.add('BatchNorm', `${p}_depthwise_BN`, BN, [dw]));
  y = pointwise(b, `${p}_project`, y, outC);
  return stride === 1 && inC === outC ? b.add('Add', `${p}_add`, {}, [x, y]) : y;
}

export function buildMobilenetV2(): GraphDocument {
  const b = createGraphBuilder();
  const input = b.add('Input', 'input_1', { shape: [224, 224, 3] }, []);
  const stem = b.add('Conv2D', 'Conv1', { filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'linear', useBias: false }, [input]);
  let x = relu6(b, 'Conv1_relu', b.add('BatchNorm', 'bn_Conv1', BN, [stem]));
  let inC = 32;
  let index = 0;
  for (const [t, c, n, s] of BLOCKS) {
    for (let i = 0; i < n; i++) {
      x = invertedResidual(b, x, index++, inC, t, c, i === 0 ? s : 1);
      inC = c;
    }
  }
  const head = b.add('Conv2D', 'Conv_1', { filters: 1280, kernelSize: 1, activation: 'linear', useBias: false }, [x]);
  x = relu6(b, 'out_relu', b.add('BatchNorm', 'Conv_1_bn', BN, [head]));
  const pooled = b.add('GlobalAvgPool2D', 'global_average_pooling2d', {}, [x]);
  b.add('Dense', 'predictions', { units: 1000, activation: 'softmax', useBias: true }, [pooled]);
  return b.build('MobileNetV2');
}
