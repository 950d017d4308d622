import { compileGraph } from '../compile/compileGraph';
import { createRandom, hashString } from '../compile/random';
import type { ExecutionPlan, PlanWeights } from '../compile/types';
import type { GraphDocument } from '../graph/types';
import { createExecutor, type RunResult } from '../runtime/executor';
import { isRelaxedSimdEnabled, setRelaxedSimdEnabled } from '../runtime/kernels/simdGemm';
import type { ExportFailure, ExportOptions } from './targets';

/**
 * Where the exported weights come from: all from the document, none of it (every layer seeded by
 * the app's initialiser), some of each, or no weights written at all (`--no-weights`).
 */
export type WeightSource = { kind: 'document' } | { kind: 'seeded'; seed: number } | { kind: 'partly-seeded'; seed: number; seededNodes: string[] } | { kind: 'none' };

/** A graph ready to export: its plan, the weights to write, where they come from. */
export interface PreparedExport { doc: GraphDocument; plan: ExecutionPlan; weights: PlanWeights; source: WeightSource }

/**
 * Compiles the document for an export (the same plan the runtime runs) and says where its
 * weights come from; a graph that does not compile is `graph-errors` with the diagnostics.
 */
export function prepareExport(doc: GraphDocument, options: ExportOptions): { ok: true; prepared: PreparedExport } | ({ ok: false } & ExportFailure) {
  const compiled = compileGraph(doc, { seed: options.seed });
  if (!compiled.ok) return { ok: false, code: 'graph-errors', message: compiled.message, diagnostics: compiled.diagnostics };
  const { plan, weights } = compiled;
  const source = findWeightSource(doc, plan, options);
  return { ok: true, prepared: { doc, plan, weights, source } };
}

/** Where the weights of `plan` come from: the document's, the seeded initialiser's, or none (no weight values are read). */
export function findWeightSource(doc: GraphDocument, plan: ExecutionPlan, options: ExportOptions): WeightSource {
  if (options.weights === 'none') return { kind: 'none' };
  const seededNodes = plan.steps.filter((s) => s.weights.some((w) => !doc.weights?.[s.nodeId]?.[w.name])).map((s) => s.name);
  const withWeights = plan.steps.filter((s) => s.weights.length > 0).length;
  return seededNodes.length === 0 ? { kind: 'document' }
    : seededNodes.length === withWeights ? { kind: 'seeded', seed: options.seed }
      : { kind: 'partly-seeded', seed: options.seed, seededNodes };
}

/** One sentence for a bundle's README and the command's notes on where the weights come from. */
export function describeWeightSource(source: WeightSource): string {
  switch (source.kind) {
    case 'document': return 'The weights are the graph\'s own (trained or set in the app).';
    case 'seeded': return `The graph carries no weights: these are the app's seeded initial weights (seed ${source.seed}), untrained.`;
    case 'partly-seeded': return `Layers without weights in the graph (${source.seededNodes.join(', ')}) have the app's seeded initial weights (seed ${source.seed}), untrained.`;
    case 'none': return 'Exported with --no-weights: no weights file; the model starts from the framework\'s default initialisation.';
  }
}

/** The samples of a reference run: 2 (batch > 1 is what users run), 1 for models above 1 GMAC per sample. */
export function referenceBatch(plan: ExecutionPlan): number {
  return plan.totalMacs > 1e9 ? 1 : 2;
}

/**
 * A reference run: a seeded input in [-1, 1) per Input (NHWC, [batch, ...shape]) and our
 * runtime's output per output node, for a bundle to check the framework against. The same on
 * every machine: no relaxed SIMD.
 */
export function runReference(prepared: PreparedExport, batch: number): { inputs: Record<string, Float32Array>; outputs: Record<string, Float32Array> } {
  const inputs: Record<string, Float32Array> = {};
  for (const input of prepared.plan.inputs) {
    const next = createRandom(hashString(`reference:${input.nodeId}`));
    inputs[input.nodeId] = Float32Array.from({ length: batch * input.shape.reduce((a, b) => a * b, 1) }, () => 2 * next() - 1);
  }
  // Relaxed SIMD's fused multiply-add rounds by the CPU and engine: the reference is run with plain
  // SIMD, so a bundle written by the browser and by the command line holds the same bytes.
  const relaxed = isRelaxedSimdEnabled();
  setRelaxedSimdEnabled(false);
  let result: RunResult;
  try {
    result = createExecutor(prepared.plan, prepared.weights).run(inputs, batch);
  } finally {
    setRelaxedSimdEnabled(relaxed);
  }
  if (!result.ok) throw new Error(`reference run failed: ${result.error.message}`);
  return { inputs, outputs: result.outputs };
}
