import type { GraphDocument } from '../../graph/types';
import { createGraphBuilder, type GraphBuilder } from './graphBuilder';

/**
 * EfficientNet-B0 as torchvision builds it (Tan & Le 2019; torchvision.models.efficientnet_b0):
 * MBConv blocks of a 1x1 expansion, a depthwise k x k convolution and a squeeze-and-excitation
 * gate, then a linear 1x1 projection, with BatchNorm (eps 1e-5) and SiLU; the residual where the
 * stride is 1 and the channels stay. The gate is GlobalAvgPool2D -> Dense (SiLU) -> Dense (sigmoid)
 * -> Multiply: torchvision's 1x1 convolutions on a 1x1 map are those Dense layers. Names are
 * torchvision's module paths. 5,288,548 trainable params.
 */

const BN = { epsilon: 1e-5 };

/** (expansion, kernel, first stride, output channels, repeats), torchvision's B0 settings. */
const STAGES: readonly (readonly [number, number, number, number, number])[] = [
  [1, 3, 1, 16, 1], [6, 3, 2, 24, 2], [6, 5, 2, 40, 2], [6, 3, 2, 80, 3], [6, 5, 1, 112, 3], [6, 5, 2, 192, 4], [6, 3, 1, 320, 1],
];

/** torchvision's Conv2dNormActivation: conv (no bias), BatchNorm, then SiLU unless `linear`. */
function convBnAct(b: GraphBuilder, p: string, input: string, conv: { kind: 'Conv2D' | 'DepthwiseConv2D'; filters: number; kernel: number; stride: number }, linear = false): string {
  const padding = (conv.kernel - 1) / 2;
  const params = conv.kind === 'Conv2D'
    ? { filters: conv.filters, kernelSize: conv.kernel, strides: conv.stride, padding, activation: 'linear', useBias: false }
    : { kernelSize: conv.kernel, strides: conv.stride, padding, depthMultiplier: 1, activation: 'linear', useBias: false };
  const bn = b.add('BatchNorm', `${p}.1`, BN, [b.add(conv.kind, `${p}.0`, params, [input])]);
  return linear ? bn : b.add('Activation', `${p}.2`, { fn: 'silu' }, [bn]);
}

/** SqueezeExcitation: channel weights from the pooled map, squeezed to `squeeze` units. */
function squeezeExcite(b: GraphBuilder, p: string, x: string, channels: number, squeeze: number): string {
  const pooled = b.add('GlobalAvgPool2D', `${p}.avgpool`, {}, [x]);
  const fc1 = b.add('Dense', `${p}.fc1`, { units: squeeze, activation: 'silu', useBias: true }, [pooled]);
  const fc2 = b.add('Dense', `${p}.fc2`, { units: channels, activation: 'sigmoid', useBias: true }, [fc1]);
  return b.add('Multiply', `${p}.scale`, {}, [x, fc2]);
}

function mbConv(b: GraphBuilder, p: string, x: string, inC: number, expand: number, kernel: number, stride: number, outC: number): string {
  const expanded = inC * expand;
  let y = x;
  let index = 0;
  if (expand !== 1) y = convBnAct(b, `${p}.block.${index++}`, y, { kind: 'Conv2D', filters: expanded, kernel: 1, stride: 1 });
  y = convBnAct(b, `${p}.block.${index++}`, y, { kind: 'DepthwiseConv2D', filters: expanded, kernel, stride });
  y = squeezeExcite(b, `${p}.block.${index++}`, y, expanded, Math.max(1, Math.floor(inC / 4)));
  y = convBnAct(b, `${p}.block.${index}`, y, { kind: 'Conv2D', filters: outC, kernel: 1, stride: 1 }, true);
  // Stochastic depth only acts in training; at inference the residual is a plain sum.
  return stride === 1 && inC === outC ? b.add('Add', `${p}.add`, {}, [y, x]) : y;
}

export function buildEfficientNetB0(): GraphDocument {
  const b = createGraphBuilder();
  const input = b.add('Input', 'input', { shape: [224, 224, 3] }, []);
  let x = convBnAct(b, 'features.0', input, { kind: 'Conv2D', filters: 32, kernel: 3, stride: 2 });
  let inC = 32;
  STAGES.forEach(([expand, kernel, stride, outC, repeats], stage) => {
    for (let i = 0; i < repeats; i++) {
      x = mbConv(b, `features.${stage + 1}.${i}`, x, inC, expand, kernel, i === 0 ? stride : 1, outC);
      inC = outC;
    }
  });
  x = convBnAct(b, 'features.8', x, { kind: 'Conv2D', filters: 1280, kernel: 1, stride: 1 });
  const pooled = b.add('GlobalAvgPool2D', 'avgpool', {}, [x]);
  const dropped = b.add('Dropout', 'classifier.0', { rate: 0.2 }, [pooled]);
  b.add('Dense', 'classifier.1', { units: 1000, activation: 'linear', useBias: true }, [dropped]);
  return b.build('EfficientNet-B0');
}
