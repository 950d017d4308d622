import { globalPoolDefinition } from './globalPool';
import type { LayerDefinition } from './layerTypes';

/** GlobalAvgPool2D: [h, w, c] -> [c], the mean over each channel. */
export const globalAvgPool2d: LayerDefinition<'GlobalAvgPool2D'> = globalPoolDefinition('GlobalAvgPool2D', 'Mean per channel → vector', 'mean over h, w');
