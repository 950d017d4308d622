import * as tf from '@tensorflow/tfjs-core';
import { ALPHA_DEFAULTS, type ActivationFn } from '../../src/core/graph/types';

/**
 * An activation as TensorFlow.js computes it: its own op where it has one (relu6, leakyRelu, elu,
 * softplus, softmax), otherwise composed from its ops by the definition (gelu from tf.erf, whose
 * approximation errs by up to 1.5e-7; geluTanh; silu = x sigmoid(x); hardSigmoid = relu6(x + 3)/6;
 * hardSwish). tf.elu has no alpha, so elu with alpha != 1 scales where x < 0.
 */
export function activateWithTfjs(x: tf.Tensor, fn: ActivationFn, alpha?: number): tf.Tensor {
  switch (fn) {
    case 'linear': return x;
    case 'relu': return tf.relu(x);
    case 'sigmoid': return tf.sigmoid(x);
    case 'tanh': return tf.tanh(x);
    case 'softmax': return tf.softmax(x);
    case 'leakyRelu': return tf.leakyRelu(x, alpha ?? ALPHA_DEFAULTS.leakyRelu);
    case 'relu6': return tf.relu6(x);
    case 'elu': {
      const a = alpha ?? ALPHA_DEFAULTS.elu;
      const e = tf.elu(x);
      return a === 1 ? e : tf.where(tf.less(x, 0), tf.mul(e, a), e);
    }
    case 'gelu': return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
    case 'geluTanh': {
      const u = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
      return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(u)));
    }
    case 'silu': return tf.mul(x, tf.sigmoid(x));
    case 'hardSigmoid': return tf.div(tf.relu6(tf.add(x, 3)), 6);
    case 'hardSwish': return tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6));
    case 'softplus': return tf.softplus(x);
  }
}
