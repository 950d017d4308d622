/** Which mapper handles each ONNX op type (default domain). An op missing here is reported as unmapped. */
import { mapActivation, mapClip, mapElu, mapGelu, mapHardSigmoid, mapLeakyRelu, mapSoftmax } from './activations';
import { mapConv, mapConvTranspose } from './conv';
import { mapGemm, mapMatMul } from './dense';
import type { MapContext, MapResult, OpMapper } from './mapContext';
import { mapAdd, mapConcat, mapMul } from './merge';
import { mapSlice } from './crop';
import { mapSum, mapTranspose, mapUnsqueeze } from './exportedForms';
import { mapAveragePool, mapGlobalAveragePool, mapGlobalMaxPool, mapMaxPool, mapReduceMax, mapReduceMean } from './pool';
import { mapScalarArithmetic } from './rescale';
import { mapResize, mapUpsample } from './resize';
import { mapBatchNorm, mapConstant, mapFlatten, mapPad, mapPassThrough, mapReshape } from './structure';

const activation = (fn: string): OpMapper => (ctx: MapContext): MapResult => mapActivation(ctx, fn);

export const OP_MAPPERS: Readonly<Record<string, OpMapper>> = {
  Conv: mapConv,
  ConvTranspose: mapConvTranspose,
  MaxPool: mapMaxPool,
  AveragePool: mapAveragePool,
  GlobalAveragePool: mapGlobalAveragePool,
  GlobalMaxPool: mapGlobalMaxPool,
  ReduceMean: mapReduceMean,
  ReduceMax: mapReduceMax,
  Gemm: mapGemm,
  MatMul: mapMatMul,
  Flatten: mapFlatten,
  Reshape: mapReshape,
  Relu: activation('relu'),
  Sigmoid: activation('sigmoid'),
  Tanh: activation('tanh'),
  LeakyRelu: mapLeakyRelu,
  Elu: mapElu,
  Softplus: activation('softplus'),
  HardSigmoid: mapHardSigmoid,
  HardSwish: activation('hardSwish'),
  // Gelu and Silu: the nodes ../activationPatterns puts in place of their written-out forms.
  Gelu: mapGelu,
  Silu: activation('silu'),
  Clip: mapClip,
  Softmax: mapSoftmax,
  Add: mapAdd,
  Mul: mapMul,
  Sub: (ctx) => mapScalarArithmetic(ctx, 'Sub'),
  Div: (ctx) => mapScalarArithmetic(ctx, 'Div'),
  Concat: mapConcat,
  BatchNormalization: mapBatchNorm,
  Pad: mapPad,
  Resize: mapResize,
  Upsample: mapUpsample,
  Identity: mapPassThrough,
  Dropout: mapPassThrough,
  Constant: mapConstant,
  Transpose: mapTranspose,
  Unsqueeze: mapUnsqueeze,
  Slice: mapSlice,
  Sum: mapSum,
};
