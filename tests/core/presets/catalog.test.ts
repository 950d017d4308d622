import { describe, expect, it } from 'vitest';
import { PRESET_CATALOG } from '../../../src/core/presets/catalog';
import { PRESETS } from '../../../src/core/presets';

describe('the preset catalog the app lists', () => {
  it('names the same presets in the same order as PRESETS', () => {
    expect(PRESET_CATALOG.map((p) => p.id)).toEqual(PRESETS.map((p) => p.id));
  });

  it.each(PRESET_CATALOG.map((p) => [p.id, p] as const))('%s: load() gives the very document PRESETS holds', async (id, entry) => {
    expect(await entry.load()).toEqual(PRESETS.find((p) => p.id === id)!.doc);
  });
});
