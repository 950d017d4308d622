// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPreset } from '../../src/core/presets';
import { ReactFlowProvider } from '@xyflow/react';
import { SummaryTable } from '../../src/ui/summary/SummaryTable';
import { useEditorStore } from '../../src/ui/editor/store';

/** One unit everywhere: torchinfo's decimal MB, for each layer and for the totals. */
describe('summary memory units', () => {
  afterEach(cleanup);
  beforeEach(() => useEditorStore.getState().loadDocument(structuredClone(findPreset('vgg16')!.doc)));

  it('shows the Input / Forward / Params / Total breakdown in decimal MB, as the CLI prints it', () => {
    render(<ReactFlowProvider><SummaryTable /></ReactFlowProvider>);
    // VGG-16 at 224x224x3: 150,528 input floats; 138,357,544 params.
    expect(screen.getByTestId('input-memory').textContent).toBe('0.60 MB');
    expect(screen.getByTestId('params-memory').textContent).toBe('553.43 MB');
    const total = Number.parseFloat(screen.getByTestId('total-memory').textContent!);
    const parts = ['input-memory', 'forward-memory', 'params-memory'].map((id) => Number.parseFloat(screen.getByTestId(id).textContent!));
    expect(total).toBeCloseTo(parts.reduce((a, b) => a + b, 0), 1);
  });

  it('prints a layer output of 12,845,056 bytes as 12.8 MB, not the binary 12.3', () => {
    render(<ReactFlowProvider><SummaryTable /></ReactFlowProvider>);
    // block1_conv1: 224 x 224 x 64 floats = 12,845,056 bytes.
    expect(screen.getByTestId('summary-row-block1_conv1').textContent).toContain('12.8 MB');
  });
});
