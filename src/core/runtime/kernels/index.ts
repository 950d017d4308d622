/** The kernel factories the compiler resolves plan steps to; each returns a PreparedOp (see ../op). */
export { createConv2D } from './conv2d';
export { createMaxPool2D } from './maxPool2d';
export { createAvgPool2D } from './avgPool2d';
export { createGlobalAvgPool2D } from './globalAvgPool2d';
export { createDense } from './dense';
export { createActivation } from './activation';
export { createBatchNorm } from './batchNorm';
export { createAdd } from './add';
export { createConcatenate } from './concatenate';
export { createCopy } from './copy';
export { applyActivation } from './applyActivation';
export { createUpSampling2D } from './upSampling2d';
export { createZeroPadding2D } from './zeroPadding2d';
export { createCropping2D } from './cropping2d';
export { createGlobalMaxPool2D } from './globalMaxPool2d';
export { createMultiply } from './multiply';
