/** Comparing two graph documents: see diffGraphs. */
export { diffGraphs } from './diffGraphs';
export { matchNodes } from './matchNodes';
export { fillParams } from './compareParams';
export { listOutputs } from './diffTotals';
export * from './formatDiff';
export type * from './types';
