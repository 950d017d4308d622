import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/core/presets';
import { formatCount, formatMacs } from '../../../src/core/format';
import { formatSummaryTable } from '../../../src/core/summary/formatSummaryTable';
import { summarize } from '../../../src/core/summary/summarize';

const preset = (id: string) => PRESETS.find((p) => p.id === id)!.doc;

describe('summarize', () => {
  it('LeNet-5: rows in execution order with Keras counts and per-layer MACs', () => {
    const s = summarize(preset('lenet5'));
    expect(s.rows.map((r) => r.name)).toEqual(['Input', 'C1', 'S2', 'C3', 'S4', 'C5', 'Flatten', 'F6', 'Output']);
    // Hand counts: C1 28*28*6 outputs x 5*5*1 MACs; C3 10*10*16 x 5*5*6; C5 120 x 5*5*16; F6 120*84; out 84*10.
    expect(s.rows.map((r) => r.macs)).toEqual([0, 28 * 28 * 6 * 25, 0, 10 * 10 * 16 * 150, 0, 120 * 400, 0, 120 * 84, 84 * 10]);
    expect(s.rows[3]).toMatchObject({ kind: 'Conv2D', outputShape: [10, 10, 16], params: 2416, trainable: 2416, connectedTo: ['S2'] });
    expect(s.totals).toMatchObject({ totalParams: 61_706, trainableParams: 61_706, nonTrainableParams: 0, macs: 416_520 });
  });

  it('sizes: input, forward (outputs of every non-Input layer) and params, float32 in MB of 10^6 bytes', () => {
    const t = summarize(preset('lenet5')).totals;
    const outputs = 28 * 28 * 6 + 14 * 14 * 6 + 10 * 10 * 16 + 5 * 5 * 16 + 120 + 120 + 84 + 10;
    expect(t.inputSizeMB).toBeCloseTo((32 * 32 * 4) / 1e6, 12);
    expect(t.forwardSizeMB).toBeCloseTo((outputs * 4) / 1e6, 12);
    expect(t.paramsSizeMB).toBeCloseTo((61_706 * 4) / 1e6, 12);
    expect(t.estimatedTotalSizeMB).toBeCloseTo(t.inputSizeMB + t.forwardSizeMB + t.paramsSizeMB, 12);
  });

  it('ResNet block: BatchNorm moving statistics are non-trainable; Add lists both inputs in edge order', () => {
    const s = summarize(preset('resnet-block'));
    expect(s.totals.nonTrainableParams).toBe(256);
    expect(s.rows.find((r) => r.id === 'bn1')).toMatchObject({ params: 256, trainable: 128 });
    expect(s.rows.find((r) => r.id === 'add')!.connectedTo).toEqual(['bn2', 'Input']);
  });
});

describe('formatSummaryTable', () => {
  it('formats counts with thousands separators', () => {
    expect([formatCount(0), formatCount(999), formatCount(61706), formatCount(138357544)]).toEqual(['0', '999', '61,706', '138,357,544']);
    expect(formatMacs(15_470_264_320)).toBe('15.47 G');
  });

  it('aligns every row to the header columns', () => {
    const text = formatSummaryTable(summarize(preset('vgg16')));
    const lines = text.split('\n');
    const header = lines[1];
    const paramEnd = header.indexOf('Param #') + 'Param #'.length;
    const fc1 = lines.find((l) => l.startsWith('fc1 (Dense)'))!;
    expect(fc1.slice(0, paramEnd).trimEnd().endsWith('102,764,544')).toBe(true);
    expect(fc1.length >= paramEnd && fc1[paramEnd - 1] === '4').toBe(true);
    expect(text).toContain('Total params: 138,357,544');
  });
});
