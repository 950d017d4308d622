import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/presets';
import { inferDocument } from '../../src/ui/editor/inference';
import { setNodeParam } from '../../src/ui/editor/graphEdits';
import { buildSummaryView } from '../../src/ui/summary/summaryView';

const lenet = PRESETS[0].doc;

describe('summary view', () => {
  it('LeNet-5: 61,706 params, C3 is the heaviest layer, C1 output is 28*28*6 floats', () => {
    const view = buildSummaryView(lenet, inferDocument(lenet));
    expect(view.totals.totalParams).toBe(61_706);
    const c1 = view.rows.find((r) => r.name === 'C1')!;
    expect(c1.activationBytes).toBe(28 * 28 * 6 * 4);
    // C3: 10*10 outputs * 16 filters * 5*5*6 window = 240,000 MACs, more than C1 (28*28*6*25 = 117,600).
    expect(view.maxMacs).toBe(240_000);
    expect(view.rows.find((r) => r.name === 'C3')!.macs).toBe(240_000);
    expect(view.maxActivationBytes).toBe(28 * 28 * 6 * 4);
    expect(view.rows.every((r) => !r.hasError)).toBe(true);
  });

  it('marks the row of a layer with an error and counts nothing for it', () => {
    const c3 = lenet.nodes.find((n) => n.name === 'C3')!;
    const broken = setNodeParam(lenet, c3.id, 'kernelSize', 20);
    const row = buildSummaryView(broken, inferDocument(broken)).rows.find((r) => r.name === 'C3')!;
    expect(row.hasError).toBe(true);
    expect(row.outputShape).toBeNull();
    expect(row.activationBytes).toBe(0);
  });
});
