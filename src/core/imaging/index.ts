/** Pure image helpers for the Run panel and the kernel playground (no DOM: they run in a worker too). */
export * from './picture';
export * from './channels';
export * from './resize';
export * from './shapeInput';
export * from './centreDigit';
export * from './testPictures';
export * from './classicKernels';
export * from './featureStats';
export * from './colourScale';
export * from './imageHeader';
export * from './mnistDigits';
export * from './featurePreview';
export * from './kernelPlayground';
