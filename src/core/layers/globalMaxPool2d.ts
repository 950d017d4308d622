import { globalPoolDefinition } from './globalPool';

/** GlobalMaxPool2D: [h, w, c] -> [c], the largest value of each channel. */
export const globalMaxPool2d = globalPoolDefinition('GlobalMaxPool2D', 'Max per channel → vector', 'max over h, w');
