import type { LayerKind } from '../../graph/types';
import { conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d } from './convLayers';
import { activation, add, batchNorm, concatenate, cropping2d, dense, dropout, flatten, multiply, rescaling, reshape, upSampling2d, zeroPadding2d } from './coreLayers';
import type { KerasMapping } from './kerasLayer';
import { avgPool2d, globalAvgPool2d, globalMaxPool2d, maxPool2d } from './poolLayers';

/**
 * The Keras layers of each layer kind; a mapping returns `{ unsupported }` for a configuration
 * Keras (as tfjs-layers loads it) cannot express. A kind without an entry is refused by name.
 * Input is the model's keras.Input, written by the model builder.
 */
export const KERAS_LAYERS: { readonly [K in Exclude<LayerKind, 'Input'>]?: KerasMapping<K> } = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  Conv2DTranspose: conv2dTranspose,
  MaxPool2D: maxPool2d,
  AvgPool2D: avgPool2d,
  GlobalAvgPool2D: globalAvgPool2d,
  GlobalMaxPool2D: globalMaxPool2d,
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
  Rescaling: rescaling,
};
