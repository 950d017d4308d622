import type { GraphDocument } from '../../graph/types';
import { createGraphBuilder, type GraphBuilder } from './graphBuilder';

/**
 * U-Net as in Ronneberger et al. (2015), Fig. 1: a 572x572x1 tile, two valid 3x3 convolutions with
 * ReLU per level, 2x2 max pooling down (64 to 1024 channels), 2x2 up-convolutions halving the
 * channels, the contracting path's map cropped to the upsampled size and concatenated before it,
 * and a 1x1 convolution to 2 classes: a 388x388x2 segmentation map.
 */

const WIDTHS = [64, 128, 256, 512] as const;

function doubleConv(b: GraphBuilder, p: string, input: string, filters: number): string {
  const conv = (name: string, x: string) => b.add('Conv2D', name, { filters, kernelSize: 3, padding: 'valid', activation: 'relu', useBias: true }, [x]);
  return conv(`${p}.conv2`, conv(`${p}.conv1`, input));
}

export function buildUnet(): GraphDocument {
  const b = createGraphBuilder();
  let x = b.add('Input', 'input', { shape: [572, 572, 1] }, []);
  let size = 572;
  const skips: { id: string; size: number }[] = [];
  WIDTHS.forEach((filters, level) => {
    x = doubleConv(b, `down${level + 1}`, x, filters);
    size -= 4;
    skips.push({ id: x, size });
    x = b.add('MaxPool2D', `pool${level + 1}`, { poolSize: 2, strides: 2 }, [x]);
    size /= 2;
  });
  x = doubleConv(b, 'bottom', x, 1024);
  size -= 4;
  for (let level = WIDTHS.length - 1; level >= 0; level--) {
    const filters = WIDTHS[level];
    const up = b.add('Conv2DTranspose', `up${level + 1}.upconv`, { filters, kernelSize: 2, strides: 2, padding: 'valid', activation: 'linear', useBias: true }, [x]);
    size *= 2;
    const skip = skips[level];
    const margin = (skip.size - size) / 2;
    const cropped = b.add('Cropping2D', `up${level + 1}.crop`, { cropping: margin }, [skip.id]);
    const joined = b.add('Concatenate', `up${level + 1}.concat`, {}, [cropped, up]);
    x = doubleConv(b, `up${level + 1}`, joined, filters);
    size -= 4;
  }
  b.add('Conv2D', 'output', { filters: 2, kernelSize: 1, padding: 'valid', activation: 'linear', useBias: true }, [x]);
  return b.build('U-Net');
}
