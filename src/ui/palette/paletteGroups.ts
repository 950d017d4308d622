import type { LayerKind } from '../../core/graph/types';

/** A palette group: a heading and the kinds under it, in the order the palette lists them. */
export interface PaletteGroup { title: string; kinds: readonly LayerKind[] }

/** The palette's groups, in the order a CNN is usually built. */
export const PALETTE_GROUPS: readonly PaletteGroup[] = [
  { title: 'Input', kinds: ['Input'] },
  { title: 'Convolution', kinds: ['Conv2D'] },
  { title: 'Pooling', kinds: ['MaxPool2D', 'AvgPool2D', 'GlobalAvgPool2D'] },
  { title: 'Core', kinds: ['Dense', 'Flatten', 'Activation', 'Dropout', 'BatchNorm'] },
  { title: 'Merge', kinds: ['Add', 'Concatenate'] },
];

/** One-line hints shown under each kind in the palette. */
export const KIND_HINTS: Record<LayerKind, string> = {
  Input: 'Image [h, w, c] or vector [n]',
  Conv2D: 'Learned filters over a window',
  MaxPool2D: 'Largest value per window',
  AvgPool2D: 'Mean value per window',
  GlobalAvgPool2D: 'Mean per channel → vector',
  Dense: 'Fully connected layer',
  Flatten: '[h, w, c] → [h·w·c]',
  Activation: 'relu, tanh, sigmoid, softmax',
  Dropout: 'Identity at inference',
  BatchNorm: 'Normalise per channel',
  Add: 'Sum of equal shapes',
  Concatenate: 'Stack along channels',
};

/** The groups whose kinds match `filter` (case-insensitive, on the kind, its group or its hint); empty groups drop out. */
export function filterPalette(filter: string): PaletteGroup[] {
  const q = filter.trim().toLowerCase();
  if (q === '') return PALETTE_GROUPS.slice();
  return PALETTE_GROUPS.map((g) => ({
    title: g.title,
    kinds: g.title.toLowerCase().includes(q) ? g.kinds : g.kinds.filter((k) => k.toLowerCase().includes(q) || KIND_HINTS[k].toLowerCase().includes(q)),
  })).filter((g) => g.kinds.length > 0);
}
