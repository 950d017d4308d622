import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/presets';
import { inferDocument } from '../../src/ui/editor/inference';
import { computeSummaryColumnWidths, MAX_NAME_CHARS, splitAtBreaks } from '../../src/ui/summary/summaryColumns';
import { buildSummaryView } from '../../src/ui/summary/summaryView';

function widthsOf(id: string) {
  const doc = PRESETS.find((p) => p.id === id)!.doc;
  return computeSummaryColumnWidths(buildSummaryView(doc, inferDocument(doc)).rows);
}

describe('summary column widths', () => {
  it('VGG-16: the longest cell of every column, over all 23 rows', () => {
    expect(widthsOf('vgg16')).toEqual({
      name: 'block1_conv1'.length,
      kind: 'MaxPool2D'.length,
      shape: '112x112x128'.length,
      // fc1: 25,088 * 4,096 + 4,096 = 102,764,544.
      params: '102,764,544'.length,
      // block1_conv1: 224*224*64 outputs * 3*3*3 = 86,704,128 MACs; fc1's 102,760,448 prints as 103M.
      macs: '86.7M'.length,
      memory: '588.0 KB'.length,
    });
  });

  it('LeNet-5: short columns keep room for their headers', () => {
    expect(widthsOf('lenet5')).toEqual({
      name: 'Flatten'.length,
      kind: 'AvgPool2D'.length,
      shape: '10x10x16'.length,
      // 48,120 is 6 characters, as long as the header.
      params: 'Params'.length,
      // C3: 10*10*16 outputs * 5*5*6 = 240,000 -> 240K; the header is longer.
      macs: 'MACs'.length + 1,
      // C1: 28*28*6 floats = 18,816 bytes -> 18.4 KB.
      memory: '18.4 KB'.length,
    });
  });

  it.each([
    ['block1_conv1', ['block1_', 'conv1']],
    ['1x1 32 (pool proj)', ['1x1 ', '32 ', '(pool ', 'proj)']],
    ['res-net.v2/add', ['res-', 'net.', 'v2/', 'add']],
    ['Flatten', ['Flatten']],
    ['a__b', ['a__', 'b']],
  ])('splitAtBreaks(%j) breaks after spaces and _ - . / only, and joins back to the name', (name, pieces) => {
    expect(splitAtBreaks(name)).toEqual(pieces);
    expect(splitAtBreaks(name).join('')).toBe(name);
  });

  it('caps a very long layer name', () => {
    const doc = structuredClone(PRESETS[0].doc);
    doc.nodes[0].name = 'x'.repeat(60);
    const w = computeSummaryColumnWidths(buildSummaryView(doc, inferDocument(doc)).rows);
    expect(w.name).toBe(MAX_NAME_CHARS);
  });
});
