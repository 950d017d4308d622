import type { LayerKind } from '../graph/types';
import { batchNormBackward } from './backward/batchNormBackward';
import { conv2dBackward } from './backward/conv2dBackward';
import { conv2dTransposeBackward } from './backward/conv2dTransposeBackward';
import { denseBackward } from './backward/denseBackward';
import { depthwiseConv2dBackward } from './backward/depthwiseBackward';
import { dropoutBackward } from './backward/dropoutBackward';
import { avgPoolBackward, maxPoolBackward } from './backward/poolBackward';
import { separableConv2dBackward } from './backward/separableBackward';
import {
  activationBackward, addBackward, concatenateBackward, flattenBackward, globalAvgPoolBackward, inputBackward, rescalingBackward,
} from './backward/simpleBackward';
import {
  cropping2dBackward, globalMaxPool2dBackward, multiplyBackward, reshapeBackward, upSampling2dBackward, zeroPadding2dBackward,
} from './backward/shapeOpsBackward';
import type { BackwardFactory } from './backward/types';

/**
 * The training-mode op of each layer kind; a kind without one (absent or null) cannot be
 * trained yet, and the trainer refuses such a graph naming the kind.
 */
export const BACKWARDS: { readonly [K in LayerKind]?: BackwardFactory<K> | null } = {
  Input: inputBackward,
  Conv2D: conv2dBackward,
  DepthwiseConv2D: depthwiseConv2dBackward,
  SeparableConv2D: separableConv2dBackward,
  Conv2DTranspose: conv2dTransposeBackward,
  MaxPool2D: maxPoolBackward,
  AvgPool2D: avgPoolBackward,
  GlobalAvgPool2D: globalAvgPoolBackward,
  Dense: denseBackward,
  Flatten: flattenBackward,
  Activation: activationBackward,
  Dropout: dropoutBackward,
  BatchNorm: batchNormBackward,
  Add: addBackward,
  Concatenate: concatenateBackward,
  Multiply: multiplyBackward,
  UpSampling2D: upSampling2dBackward,
  ZeroPadding2D: zeroPadding2dBackward,
  Cropping2D: cropping2dBackward,
  Reshape: reshapeBackward,
  GlobalMaxPool2D: globalMaxPool2dBackward,
  Rescaling: rescalingBackward,
};

/** Kinds whose training output and gradient are their input's own buffers (no copy). */
export function isTrainingAlias(kind: LayerKind): boolean {
  return kind === 'Flatten' || kind === 'Reshape';
}
