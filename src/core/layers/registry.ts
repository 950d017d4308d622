import { LAYER_KINDS, type LayerKind } from '../graph/types';
import { activation } from './activation';
import { add } from './add';
import { avgPool2d } from './avgPool2d';
import { batchNorm } from './batchNorm';
import { concatenate } from './concatenate';
import { conv2d } from './conv2d';
import { conv2dTranspose } from './conv2dTranspose';
import { cropping2d } from './cropping2d';
import { dense } from './dense';
import { depthwiseConv2d } from './depthwiseConv2d';
import { dropout } from './dropout';
import { flatten } from './flatten';
import { globalAvgPool2d } from './globalAvgPool2d';
import { globalMaxPool2d } from './globalMaxPool2d';
import { input } from './input';
import type { LayerDefinition } from './layerTypes';
import { maxPool2d } from './maxPool2d';
import { multiply } from './multiply';
import { reshape } from './reshape';
import { separableConv2d } from './separableConv2d';
import { upSampling2d } from './upSampling2d';
import { zeroPadding2d } from './zeroPadding2d';

/** Every known layer kind and its definition. The mapped type makes a missing kind a compile error. */
export const LAYERS: { readonly [K in LayerKind]: LayerDefinition<K> } = {
  Input: input,
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
};

const KIND_SET: ReadonlySet<string> = new Set(LAYER_KINDS);

/** True for the kinds in LAYER_KINDS; anything else is an "unknown kind" kept as a placeholder. */
export function isLayerKind(kind: string): kind is LayerKind {
  return KIND_SET.has(kind);
}

/** The definition of a kind, or undefined for an unknown kind. */
export function getLayer(kind: string): LayerDefinition<LayerKind> | undefined {
  return isLayerKind(kind) ? (LAYERS[kind] as LayerDefinition<LayerKind>) : undefined;
}
