import type { LayerKind } from '../../graph/types';
import { activation, add, batchNorm, concatenate, dense, dropout, flatten, input, rescaling } from './coreLayers';
import { conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d } from './convLayers';
import type { Emitter } from './layerCode';
import { avgPool2d, globalAvgPool2d, maxPool2d } from './poolLayers';
import { cropping2d, globalMaxPool2d, multiply, reshape, upSampling2d, zeroPadding2d } from './shapeLayers';

/**
 * The PyTorch code of each layer kind; an emitter returns `{ unsupported }` for a configuration
 * PyTorch cannot express. A kind without an entry is refused by name at export (a new kind runs
 * in the app before it exports); tests/export/kindCoverage.test.ts lists the kinds each exporter covers.
 */
export const PYTORCH_LAYERS: { readonly [K in LayerKind]?: Emitter<K> } = {
  Input: input,
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  Conv2DTranspose: conv2dTranspose,
  MaxPool2D: maxPool2d,
  AvgPool2D: avgPool2d,
  GlobalAvgPool2D: globalAvgPool2d,
  Dense: dense,
  Flatten: flatten,
  Activation: activation,
  Dropout: dropout,
  BatchNorm: batchNorm,
  Add: add,
  Concatenate: concatenate,
  Multiply: multiply,
  UpSampling2D: upSampling2d,
  ZeroPadding2D: zeroPadding2d,
  Cropping2D: cropping2d,
  Reshape: reshape,
  GlobalMaxPool2D: globalMaxPool2d,
  Rescaling: rescaling,
};
