import { describe, expect, it } from 'vitest';
import { buildPlan, compileGraph } from '../../../src/core/compile/compileGraph';
import type { GraphDocument } from '../../../src/core/graph/types';
import { PRESETS } from '../../../src/core/presets';
import { estimateRunMemory, RUN_MEMORY_LIMIT_BYTES, RUN_MEMORY_WARNING_BYTES } from '../../../src/core/shape/checkRunMemory';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { summarize } from '../../../src/core/summary/summarize';
import { summaryCommand } from '../../../src/cli/commands/summary';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const lenet = () => structuredClone(PRESETS.find((p) => p.id === 'lenet5')!.doc) as GraphDocument;
const memoryDiagnostics = (doc: GraphDocument) => inferShapes(doc).diagnostics.filter((d) => d.code.startsWith('run-memory'));

/** Input [1024] -> Dense of `units`: 1025 * units params. */
function wideDense(units: number): GraphDocument {
  return {
    format: 'cnn-graph', version: 1, name: `Dense ${units}`,
    nodes: [
      { id: 'in', kind: 'Input', name: 'In', params: { shape: [1024] }, position: { x: 0, y: 0 } },
      { id: 'wide', kind: 'Dense', name: 'Wide', params: { units }, position: { x: 0, y: 100 } },
    ],
    edges: [{ id: 'e', source: 'in', target: 'wide' }],
  } as unknown as GraphDocument;
}

const dir = mkdtempSync(path.join(tmpdir(), 'run-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function summaryOf(doc: GraphDocument) {
  const file = path.join(dir, `${doc.name.replace(/\W/g, '_')}.json`);
  writeFileSync(file, JSON.stringify(doc));
  const out: string[] = [];
  const code = summaryCommand([file], { out: (l) => out.push(l), err: () => undefined });
  return { code, text: out.join('\n') };
}

describe('a run\'s memory is estimated before anything is allocated', () => {
  it.each(PRESETS.map((p) => [p.id, p.doc] as const))('%s: weights match the summary\'s params, activations the arena planner\'s live peak', (_id, doc) => {
    const inference = inferShapes(doc);
    const estimate = estimateRunMemory(inference.order, inference.nodes);
    expect(estimate.weightsBytes).toBe(4 * summarize(doc, inference).totals.totalParams);
    const built = buildPlan(doc);
    expect(built.ok).toBe(true);
    if (built.ok) expect(estimate.activationBytes).toBe(built.plan.peakLiveBytes);
    // Every shipped model runs, VGG-16 (about 1.1 GB) included, without a warning.
    expect(memoryDiagnostics(doc)).toEqual([]);
  });

  it('LeNet-5 with c1.padding 1024 is refused, naming F6 and its 2,652,743,604 params, and compile stops before the weights', () => {
    const doc = lenet();
    doc.nodes.find((n) => n.id === 'c1')!.params.padding = 1024;
    const [d] = memoryDiagnostics(doc);
    expect(d).toMatchObject({ nodeId: 'f6', severity: 'error', code: 'run-memory-too-large' });
    expect(d.message).toContain('weights 10,611 MB');
    expect(d.message).toContain('2,652,743,604 params * 4 bytes');
    const compiled = compileGraph(doc);
    expect(compiled).toMatchObject({ ok: false, code: 'too-much-memory', nodeId: 'f6' });
    const cli = summaryOf(doc);
    expect(cli.code).toBe(1);
    expect(cli.text).toMatch(/error run-memory-too-large: F6: a run needs about 21,\d{3} MB/);
  });

  it('a Dense of 1,000,000 units on a 1,024-vector is refused; 250,000 units warns and still compiles its plan', () => {
    const huge = wideDense(1_000_000);
    expect(memoryDiagnostics(huge)).toMatchObject([{ nodeId: 'wide', severity: 'error', code: 'run-memory-too-large' }]);
    expect(summaryOf(huge).code).toBe(1);
    expect(compileGraph(huge)).toMatchObject({ ok: false, code: 'too-much-memory' });
    const big = wideDense(250_000);
    const inference = inferShapes(big);
    const total = estimateRunMemory(inference.order, inference.nodes).totalBytes;
    // 1025 * 250,000 params, 4 bytes each, twice (the packed copy), plus the activations.
    expect(total).toBe(2 * 4 * 1025 * 250_000 + 4 * (1024 + 250_000));
    expect(total).toBeGreaterThan(RUN_MEMORY_WARNING_BYTES);
    expect(total).toBeLessThan(RUN_MEMORY_LIMIT_BYTES);
    expect(memoryDiagnostics(big)).toMatchObject([{ severity: 'warning', code: 'run-memory-high' }]);
    expect(summaryOf(big).code).toBe(0);
    expect(buildPlan(big).ok).toBe(true);
  });
});
