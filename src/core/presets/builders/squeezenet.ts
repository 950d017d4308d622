import type { GraphDocument } from '../../graph/types';
import { createGraphBuilder, type GraphBuilder } from './graphBuilder';

/**
 * SqueezeNet 1.1 as torchvision builds it (Iandola et al. 2016, the 1.1 revision: a 3x3/2 stem of
 * 64 filters and the pools moved earlier, 2.4x less computation than 1.0 at the same accuracy):
 * 3x3/2 max pools with PyTorch's ceil_mode, Fire modules (a 1x1 squeeze, then 1x1 and 3x3
 * expands concatenated), and a 1x1 convolution to the 1000 classes before global average pooling.
 * ReLUs are the convolutions' fused activations. Names are torchvision's module paths; a Fire's
 * Concatenate is the module itself.
 */

const conv = (b: GraphBuilder, name: string, input: string, filters: number, kernelSize: number, strides = 1, padding: number | 'valid' = 'valid'): string =>
  b.add('Conv2D', name, { filters, kernelSize, strides, padding, activation: 'relu', useBias: true }, [input]);

const maxPool = (b: GraphBuilder, name: string, input: string): string =>
  b.add('MaxPool2D', name, { poolSize: 3, strides: 2, padding: 'valid', ceilMode: true }, [input]);

function fire(b: GraphBuilder, name: string, input: string, squeeze: number, expand: number): string {
  const s = conv(b, `${name}.squeeze`, input, squeeze, 1);
  const e1 = conv(b, `${name}.expand1x1`, s, expand, 1);
  const e3 = conv(b, `${name}.expand3x3`, s, expand, 3, 1, 1);
  return b.add('Concatenate', name, {}, [e1, e3]);
}

/** SqueezeNet 1.1 on 224x224x3 to 1000 logits; 1,235,496 params. */
export function buildSqueezenet11(): GraphDocument {
  const b = createGraphBuilder();
  let x = b.add('Input', 'input', { shape: [224, 224, 3] }, []);
  x = maxPool(b, 'features.2', conv(b, 'features.0', x, 64, 3, 2));
  x = fire(b, 'features.3', x, 16, 64);
  x = maxPool(b, 'features.5', fire(b, 'features.4', x, 16, 64));
  x = fire(b, 'features.6', x, 32, 128);
  x = maxPool(b, 'features.8', fire(b, 'features.7', x, 32, 128));
  x = fire(b, 'features.9', x, 48, 192);
  x = fire(b, 'features.10', x, 48, 192);
  x = fire(b, 'features.11', x, 64, 256);
  x = fire(b, 'features.12', x, 64, 256);
  x = b.add('Dropout', 'classifier.0', { rate: 0.5 }, [x]);
  x = conv(b, 'classifier.1', x, 1000, 1);
  // torchvision's classifier gives logits; a softmax after it is the user's choice.
  b.add('GlobalAvgPool2D', 'classifier.3', {}, [x]);
  return b.build('SqueezeNet 1.1');
}
