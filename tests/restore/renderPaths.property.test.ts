import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildPlan, compileGraph } from '../../src/core/compile/compileGraph';
import { restoreGraph } from '../../src/core/graph/restore';
import type { GraphDocument } from '../../src/core/graph/types';
import { estimateRunMemory } from '../../src/core/shape/checkRunMemory';
import { inferShapes } from '../../src/core/shape/inferShapes';
import { summarize } from '../../src/core/summary/summarize';
import { drawGraphDiagram, type DiagramContext } from '../../src/share/drawGraphDiagram';
import { layoutGraphDiagram } from '../../src/share/graphDiagram';
import { placeEdgeLabels } from '../../src/ui/canvas/labelPlacement';
import { createFlowViewBuilder } from '../../src/ui/canvas/viewModel';

/** The longest any one render or compile path may take on a document within the limits. */
const BUDGET_MS = 200;
/**
 * Weights are only made (compileGraph) below this; above it the plan alone is built. Making
 * weights is linear in their bytes, and fresh memory is slow to touch on some machines (44 MB took
 * 125 ms of page faults before a value was written), so a cap near the budget would time the
 * machine's memory, not the document: 16 MB keeps that part near 50 ms.
 */
const COMPILE_WEIGHTS_BELOW_BYTES = 16e6;

/** A canvas context that draws nothing: the PNG renderer's own code runs, the pixels do not matter. */
function nullContext(): DiagramContext {
  const noop = () => undefined;
  return {
    save: noop, restore: noop, beginPath: noop, moveTo: noop, lineTo: noop, bezierCurveTo: noop, closePath: noop, roundRect: noop, arc: noop,
    fill: noop, stroke: noop, fillRect: noop, fillText: noop, clip: noop,
    fillStyle: '', strokeStyle: '', lineWidth: 1, font: '', textAlign: 'left', textBaseline: 'alphabetic', shadowColor: '', shadowBlur: 0, shadowOffsetY: 0,
  } as unknown as DiagramContext;
}

const size = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 4096 }));
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('\u001b[2J', '<img src=x>', '\u202e', '', 'a'.repeat(300)));
const coordinate = fc.oneof(fc.double({ noNaN: true, min: -1e7, max: 1e7 }), fc.constantFrom(2e18, -1e300, 1e7));
/** One layer's kind and params, often valid, sometimes not (inference must explain those). */
const layer = fc.oneof(
  fc.record({ kind: fc.constant('Conv2D'), params: fc.record({ filters: size, kernelSize: fc.integer({ min: 1, max: 9 }), strides: fc.integer({ min: 1, max: 4 }), padding: fc.oneof(fc.constantFrom('same', 'valid'), fc.integer({ min: 0, max: 1024 })) }, { requiredKeys: ['filters', 'kernelSize'] }) }),
  fc.record({ kind: fc.constantFrom('MaxPool2D', 'AvgPool2D'), params: fc.record({ poolSize: fc.integer({ min: 1, max: 8 }), strides: fc.integer({ min: 1, max: 8 }) }) }),
  fc.record({ kind: fc.constant('Dense'), params: fc.record({ units: fc.oneof(fc.integer({ min: 1, max: 512 }), fc.constant(1_000_000)) }) }),
  fc.record({ kind: fc.constantFrom('Flatten', 'ReLU', 'BatchNorm', 'Dropout', 'GlobalAvgPool2D', 'Softmax'), params: fc.constant({}) }),
  fc.record({ kind: fc.constantFrom('Add', 'Concatenate', 'Nonsense'), params: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) }),
);

/** A chain from an Input, with a few extra edges (merges, skips, cycles) and hostile names and positions. */
const documentLike = fc.record({
  name: text,
  input: fc.tuple(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 1, max: 512 }), fc.integer({ min: 1, max: 16 })),
  layers: fc.array(fc.record({ layer, name: text, x: coordinate, y: coordinate }), { maxLength: 14 }),
  extra: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
}).map(({ name, input, layers, extra }) => {
  const ids = ['in', ...layers.map((_, i) => `n${i}`)];
  return {
    format: 'cnn-graph', version: 1, name,
    nodes: [
      { id: 'in', kind: 'Input', name: 'Input', params: { shape: input }, position: { x: 0, y: 0 } },
      ...layers.map((l, i) => ({ id: ids[i + 1], kind: l.layer.kind, name: l.name, params: l.layer.params, position: { x: l.x, y: l.y } })),
    ],
    edges: [
      ...layers.map((_, i) => ({ id: `e${i}`, source: ids[i], target: ids[i + 1] })),
      ...extra.map(([a, b], i) => ({ id: `x${i}`, source: ids[a % ids.length], target: ids[b % ids.length] })),
    ],
  };
});

/** One run of `run`: its wall time, or this process's CPU time when that is less. */
function measure(run: () => unknown): number {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  run();
  const cpu = process.cpuUsage(cpuStart);
  return Math.min(performance.now() - wallStart, (cpu.user + cpu.system) / 1000);
}

/**
 * Runs a path and checks it stays within the budget. The time is the process's own CPU time when
 * that is less than the wall time: on a busy machine (CI runs two test files at once) the wall
 * time counts the other processes' work, and 203 ms of wall time failed a document whose compile
 * is well inside the budget alone. Over it, the path runs once more and the faster run counts: a
 * garbage-collection pause is not the document's fault, a path slow on the document is slow both times.
 */
function timed<T>(what: string, run: () => T): T {
  let value!: T;
  let ms = measure(() => { value = run(); });
  if (ms >= BUDGET_MS) ms = Math.min(ms, measure(run));
  expect(ms, `${what} took ${ms.toFixed(0)} ms`).toBeLessThan(BUDGET_MS);
  return value;
}

describe('restored documents through the real render and compile paths', () => {
  it('none throws or takes over 200 ms: canvas view model, label placement, summary, PNG diagram, compile (1,000 runs)', () => {
    fc.assert(fc.property(documentLike, (raw) => {
      const restored = restoreGraph(raw, 'file');
      if (!restored.ok) return;
      const doc: GraphDocument = restored.doc;
      const inference = timed('shape inference', () => inferShapes(doc));
      const view = timed('canvas view model', () => createFlowViewBuilder()({ doc, inference, selectedNodeIds: [], selectedEdgeIds: [], measured: {} }));
      expect(view.nodes).toHaveLength(doc.nodes.length);
      timed('label placement', () => placeEdgeLabels(
        doc.nodes.map((n) => ({ id: n.id, position: n.position })),
        doc.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, text: 'shape' })),
      ));
      const summary = timed('summary', () => summarize(doc, inference));
      expect(summary.rows).toHaveLength(inference.order.length);
      timed('PNG diagram', () => drawGraphDiagram(nullContext(), layoutGraphDiagram(doc, inference, (t) => 7 * t.length)));
      const estimate = estimateRunMemory(inference.order, inference.nodes);
      const compiled = timed('compile', () => (estimate.weightsBytes < COMPILE_WEIGHTS_BELOW_BYTES ? compileGraph(doc) : buildPlan(doc)));
      // A graph with an error never compiles; one without errors does (or is refused as too big).
      if (inference.hasErrors) expect(compiled.ok).toBe(false);
      else if (!compiled.ok) expect(['too-much-memory', 'no-input']).toContain(compiled.code);
    }), { numRuns: 1000 });
  }, 300_000);
});
