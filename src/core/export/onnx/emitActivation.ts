/**
 * The 14 activations as ONNX opset-17 ops. Opset 17 has no Gelu (opset 20) and no SiLU, so those
 * are written out from Erf, Tanh, Sigmoid and Mul, as torch.onnx.export does.
 */
import { ALPHA_DEFAULTS, type ActivationFn } from '../../graph/types';
import type { OnnxWriter } from './onnxWriter';

/**
 * Applies `fn` to value `x` (softmax over axis 1: the channels of an NCHW map, the features of a
 * matrix). `alpha` is leakyRelu's slope or elu's scale. Returns the output value (`x` for linear).
 */
export function emitActivation(w: OnnxWriter, x: string, fn: ActivationFn, alpha: number | undefined, layer: string): string {
  switch (fn) {
    case 'linear': return x;
    case 'relu': return w.op('Relu', [x], layer);
    case 'sigmoid': return w.op('Sigmoid', [x], layer);
    case 'tanh': return w.op('Tanh', [x], layer);
    case 'softmax': return w.op('Softmax', [x], layer, { axis: { int: 1 } });
    case 'leakyRelu': return w.op('LeakyRelu', [x], layer, { alpha: { float: alpha ?? ALPHA_DEFAULTS.leakyRelu } });
    case 'relu6': return w.op('Clip', [x, w.scalar(0), w.scalar(6)], layer);
    case 'elu': return w.op('Elu', [x], layer, { alpha: { float: alpha ?? ALPHA_DEFAULTS.elu } });
    case 'gelu': {
      // x/2 (1 + erf(x / sqrt 2))
      const erf = w.op('Erf', [w.op('Div', [x, w.scalar(Math.SQRT2)], layer)], layer);
      return w.op('Mul', [w.op('Mul', [x, w.op('Add', [erf, w.scalar(1)], layer)], layer), w.scalar(0.5)], layer);
    }
    case 'geluTanh': {
      // x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
      const cube = w.op('Mul', [w.op('Mul', [x, x], layer), x], layer);
      const inner = w.op('Add', [x, w.op('Mul', [cube, w.scalar(0.044715)], layer)], layer);
      const t = w.op('Tanh', [w.op('Mul', [inner, w.scalar(Math.sqrt(2 / Math.PI))], layer)], layer);
      return w.op('Mul', [w.op('Mul', [x, w.op('Add', [t, w.scalar(1)], layer)], layer), w.scalar(0.5)], layer);
    }
    case 'silu': return w.op('Mul', [x, w.op('Sigmoid', [x], layer)], layer);
    // relu6(x + 3) / 6 = clip(x/6 + 1/2, 0, 1): ONNX's HardSigmoid with alpha 1/6 (its default is 0.2).
    case 'hardSigmoid': return w.op('HardSigmoid', [x], layer, { alpha: { float: 1 / 6 }, beta: { float: 0.5 } });
    case 'hardSwish': return w.op('HardSwish', [x], layer);
    case 'softplus': return w.op('Softplus', [x], layer);
  }
}
