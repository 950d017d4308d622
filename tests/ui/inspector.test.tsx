// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { GraphDocument } from '../../src/core/graph/types';
import { useEditorStore } from '../../src/ui/editor/store';
import { Inspector } from '../../src/ui/inspector/Inspector';

/** Input 32x32x1 -> Conv2D 6@5x5 valid (LeNet's C1: 28x28x6). */
const doc: GraphDocument = {
  format: 'cnn-graph', version: 1, name: 't',
  nodes: [
    { id: 'in', kind: 'Input', name: 'in', params: { shape: [32, 32, 1] }, position: { x: 0, y: 0 } },
    { id: 'c1', kind: 'Conv2D', name: 'C1', params: { filters: 6, kernelSize: 5, strides: 1, padding: 'valid', dilation: 1, activation: 'tanh', useBias: true }, position: { x: 0, y: 100 } },
  ],
  edges: [{ id: 'e1', source: 'in', target: 'c1' }],
};

const params = () => useEditorStore.getState().doc.nodes.find((n) => n.id === 'c1')!.params;
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

beforeEach(() => {
  // React reports state updates outside act() unless the environment says it is a test.
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  useEditorStore.getState().loadDocument(doc);
  useEditorStore.getState().setSelection(['c1'], []);
  render(<Inspector />);
});
afterEach(cleanup);

describe('inspector', () => {
  it('shows the live arithmetic for rows and cols', () => {
    expect(screen.getByTestId('arithmetic-rows').textContent).toBe('(32 + 2*0 - 5)/1 + 1 = 28');
    expect(screen.getByTestId('inspector-output').textContent).toBe('28x28x6');
  });

  it('with dilation, says where the window in the arithmetic comes from', () => {
    expect(screen.queryByTestId('arithmetic-rows-dilated')).toBeNull();
    type('Dilation rows', '2');
    // Linked: both axes dilate. 32 - (2*(5 - 1) + 1) + 1 = 24.
    expect(screen.getByTestId('arithmetic-rows').textContent).toBe('(32 + 2*0 - 9)/1 + 1 = 24');
    expect(screen.getByTestId('arithmetic-rows-dilated').textContent).toBe('k = d(k − 1) + 1 = 2*(5 - 1) + 1 = 9');
    expect(screen.getByTestId('arithmetic-cols-dilated').textContent).toBe('k = d(k − 1) + 1 = 2*(5 - 1) + 1 = 9');
  });

  it('commits a valid number and re-infers', () => {
    type('Filters', '12');
    expect(params().filters).toBe(12);
    expect(screen.getByTestId('inspector-output').textContent).toBe('28x28x12');
  });

  it('keeps an invalid text in the field, shows why, and leaves the graph alone', () => {
    type('Filters', '-3');
    expect(params().filters).toBe(6);
    expect((screen.getByLabelText('Filters') as HTMLInputElement).value).toBe('-3');
    expect(screen.getByTestId('field-message').textContent).toMatch(/filters must be a whole number from 1 to 1000000, got -3/);
    type('Filters', '2.5');
    expect(params().filters).toBe(6);
    type('Filters', '');
    expect(screen.getByTestId('field-message').textContent).toMatch(/is not a number/);
    expect(params().filters).toBe(6);
  });

  it('a linked kernel moves rows and cols together; unlinked it stores [rows, cols]', () => {
    type('Kernel size rows', '3');
    expect(params().kernelSize).toBe(3);
    expect(screen.getByTestId('arithmetic-cols').textContent).toBe('(32 + 2*0 - 3)/1 + 1 = 30');
    fireEvent.click(screen.getByLabelText('Kernel size: square (same rows and cols)'));
    type('Kernel size cols', '7');
    expect(params().kernelSize).toEqual([3, 7]);
    expect(screen.getByTestId('inspector-output').textContent).toBe('30x26x6');
  });

  it('explicit padding takes top/bottom/left/right and shows the asymmetric arithmetic', () => {
    fireEvent.change(screen.getByLabelText('Padding'), { target: { value: 'explicit' } });
    expect(params().padding).toEqual([[0, 0], [0, 0]]);
    type('Padding top', '2');
    type('Padding right', '1');
    expect(params().padding).toEqual([[2, 0], [0, 1]]);
    expect(screen.getByTestId('arithmetic-rows').textContent).toBe('(32 + 2 + 0 - 5)/1 + 1 = 30');
    expect(screen.getByTestId('arithmetic-cols').textContent).toBe('(32 + 0 + 1 - 5)/1 + 1 = 29');
  });

  it('undo puts the committed value back into the field', () => {
    type('Filters', '12');
    act(() => useEditorStore.getState().undo());
    expect(params().filters).toBe(6);
    expect((screen.getByLabelText('Filters') as HTMLInputElement).value).toBe('6');
    act(() => useEditorStore.getState().redo());
    expect((screen.getByLabelText('Filters') as HTMLInputElement).value).toBe('12');
  });

  it('shows the kernel-too-large error beside the field with its fixes', () => {
    type('Kernel size rows', '40');
    const item = screen.getAllByTestId('diagnostic').find((d) => d.getAttribute('data-code') === 'window-too-large');
    expect(item?.textContent).toContain('(32 + 2*0 - 40)/1 + 1');
    fireEvent.click(screen.getAllByTestId('fix-button')[0]);
    expect(useEditorStore.getState().inference.hasErrors).toBe(false);
  });
});
