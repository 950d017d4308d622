import { globalPoolDefinition } from './globalPool';

/** GlobalAvgPool2D: [h, w, c] -> [c], the mean over each channel. */
export const globalAvgPool2d = globalPoolDefinition('GlobalAvgPool2D', 'Mean per channel → vector', 'mean over h, w');
