import { globalPoolDefinition } from './globalPool';
import type { LayerDefinition } from './layerTypes';

/** GlobalMaxPool2D: [h, w, c] -> [c], the largest value of each channel. */
export const globalMaxPool2d: LayerDefinition<'GlobalMaxPool2D'> = globalPoolDefinition('GlobalMaxPool2D', 'Max per channel → vector', 'max over h, w');
