import type { LayerKind } from '../../core/graph/types';

/** The editor control a param gets. */
export type FieldControl = 'int' | 'float' | 'pair' | 'padding' | 'activation' | 'bool' | 'shape';

/** One inspector row: which param, its label and its control. */
export interface FieldSpec { field: string; label: string; control: FieldControl; hint?: string }

const POOL_FIELDS: FieldSpec[] = [
  { field: 'poolSize', label: 'Pool size', control: 'pair' },
  { field: 'strides', label: 'Strides', control: 'pair' },
  { field: 'padding', label: 'Padding', control: 'padding' },
];

/** The inspector rows of a kind, in reading order. */
export function listFieldSpecs(kind: LayerKind): FieldSpec[] {
  switch (kind) {
    case 'Input':
      return [{ field: 'shape', label: 'Shape', control: 'shape' }];
    case 'Conv2D':
      return [
        { field: 'filters', label: 'Filters', control: 'int' },
        { field: 'kernelSize', label: 'Kernel size', control: 'pair' },
        { field: 'strides', label: 'Strides', control: 'pair' },
        { field: 'padding', label: 'Padding', control: 'padding' },
        { field: 'dilation', label: 'Dilation', control: 'pair' },
        { field: 'activation', label: 'Activation', control: 'activation' },
        { field: 'useBias', label: 'Use bias', control: 'bool' },
      ];
    case 'MaxPool2D':
    case 'AvgPool2D':
      return POOL_FIELDS;
    case 'Dense':
      return [
        { field: 'units', label: 'Units', control: 'int' },
        { field: 'activation', label: 'Activation', control: 'activation' },
        { field: 'useBias', label: 'Use bias', control: 'bool' },
      ];
    case 'Activation':
      return [
        { field: 'fn', label: 'Function', control: 'activation' },
        { field: 'alpha', label: 'Alpha', control: 'float', hint: 'leakyRelu slope (empty: 0.2) or elu scale (empty: 1); other functions ignore it' },
      ];
    case 'Dropout':
      return [{ field: 'rate', label: 'Rate', control: 'float', hint: 'Fraction dropped while training, 0 to below 1' }];
    case 'BatchNorm':
      return [{ field: 'epsilon', label: 'Epsilon', control: 'float' }];
    case 'GlobalAvgPool2D':
    case 'Flatten':
    case 'Add':
    case 'Concatenate':
      return [];
  }
}
