import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kindTables } from '../../scripts/kindTables';
import { LAYER_KINDS } from '../../src/core/graph/types';
import { LAYERS } from '../../src/core/layers/registry';
import { KERNELS } from '../../src/core/runtime/kernelMap';

const ROOT = join(__dirname, '../..');
const FOLDERS = ['src/core/layers', 'src/core/runtime/kernels'];

let scratch: string | null = null;
afterEach(() => { if (scratch) rmSync(scratch, { recursive: true, force: true }); scratch = null; });

/** A copy of the scanned folders, to break on purpose. */
function copyOfSources(): string {
  scratch = mkdtempSync(join(tmpdir(), 'kind-tables-'));
  for (const f of FOLDERS) cpSync(join(ROOT, f), join(scratch, f), { recursive: true });
  return scratch;
}

describe('the generated kind tables', () => {
  it('are what the generator writes from the sources, with no problem', () => {
    const { files, problems } = kindTables(ROOT);
    expect(problems).toEqual([]);
    for (const f of files) expect(readFileSync(join(ROOT, f.path), 'utf8')).toBe(f.text);
  });

  it('hold every kind, keyed by its own name', () => {
    expect(Object.keys(LAYERS)).toEqual([...LAYER_KINDS]);
    expect(Object.keys(KERNELS)).toEqual([...LAYER_KINDS]);
    for (const k of LAYER_KINDS) expect(LAYERS[k].kind).toBe(k);
  });

  it('name a kind left without a definition, and leave it out of the table (a type error there)', () => {
    const root = copyOfSources();
    rmSync(join(root, 'src/core/layers/dropout.ts'));
    const { files, problems } = kindTables(root);
    expect(problems).toEqual([expect.stringMatching(/^Dropout has no definition: export one as `export const x: LayerDefinition<'Dropout'>`/)]);
    expect(files[0].text).not.toMatch(/Dropout:/);
  });

  it('name a kind with two kernels, and an export for a kind LAYER_KINDS does not list', () => {
    const root = copyOfSources();
    const kernels = join(root, 'src/core/runtime/kernels');
    writeFileSync(join(kernels, 'extra.ts'), [
      "export const secondAddKernel: KernelFactory<'Add'> = () => null;",
      "export const swishKernel: KernelFactory<'Swish'> = () => null;",
    ].join('\n'));
    const { problems } = kindTables(root);
    expect(problems).toEqual([
      'Add has 2 kernels (add.ts addKernel, extra.ts secondAddKernel); keep one',
      "src/core/runtime/kernels/extra.ts exports a kernel for 'Swish', which LAYER_KINDS (src/core/graph/types.ts) does not list",
    ]);
  });
});
