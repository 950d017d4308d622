import { writeFileSync } from 'node:fs';
import { compileGraph } from '../../core/compile/compileGraph';
import { fuseEpilogues } from '../../core/compile/fuseEpilogues';
import type { ExecutionPlan, PlanTensor } from '../../core/compile/types';
import { encodeNpy, parseNpy } from '../../core/npy';
import { getLayer } from '../../core/layers/registry';
import { createExecutor } from '../../core/runtime/executor';
import { parseSeed } from '../../ui/run/parseSeed';
import { processIo, type CommandIo } from '../io/commandIo';
import { readCappedFile } from '../io/readCappedFile';
import { outputPathsFor } from '../io/outputPaths';
import { formatShape } from '../../core/format';
import { formatRepairs, loadGraphArg } from './readGraphFile';

/** The largest .npy input read: 512 MiB, far above any batch the runtime holds in its arena. */
export const MAX_NPY_INPUT_BYTES = 512 * 1024 * 1024;

const USAGE = 'usage: run FILE --input X.npy [--output Y.npy] [--seed N]   (several Inputs: --input NODE_ID=X.npy for each)';

interface RunArgs { file: string; inputs: { nodeId: string | null; path: string }[]; output: string | null; seed: number }

type ParsedArgs = { ok: true; args: RunArgs } | { ok: true; help: true } | { ok: false; message: string };

function parseArgs(argv: readonly string[]): ParsedArgs {
  const files: string[] = [];
  const inputs: RunArgs['inputs'] = [];
  let output: string | null = null;
  let seed = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = argv[i + 1];
    switch (a) {
      case '--input': {
        if (value === undefined) return { ok: false, message: `--input needs a file; ${USAGE}` };
        const eq = value.indexOf('=');
        inputs.push(eq > 0 && !value.slice(0, eq).includes('/') ? { nodeId: value.slice(0, eq), path: value.slice(eq + 1) } : { nodeId: null, path: value });
        i++;
        break;
      }
      case '--output':
        if (value === undefined) return { ok: false, message: `--output needs a file; ${USAGE}` };
        output = value;
        i++;
        break;
      case '--seed': {
        const parsed = parseSeed(value ?? '');
        if (!parsed.ok) return { ok: false, message: `--seed: ${parsed.message}` };
        seed = parsed.seed;
        i++;
        break;
      }
      case '--help':
      case '-h':
        return { ok: true, help: true };
      default:
        if (a.startsWith('-')) return { ok: false, message: `run: unknown option ${a}; ${USAGE}` };
        files.push(a);
    }
  }
  if (files.length !== 1 || inputs.length === 0) return { ok: false, message: USAGE };
  return { ok: true, args: { file: files[0], inputs, output, seed } };
}

/** The `run` entry for the CLI dispatcher. */
export function runRunCommand(args: string[]): number {
  return runCommand(args, processIo);
}

/**
 * `run FILE --input X.npy [--output Y.npy] [--seed N]`: runs the graph on a float32 .npy batch
 * shaped [N, ...inputShape] (a file shaped exactly like the Input is one sample), writes the
 * output as .npy and prints its shape; for a classifier (softmax last, or a vector output) it
 * prints the top-5 classes of each sample. Weights come from the document, or the seeded
 * initialiser. Exit 0 on success, 1 when the graph does not compile or run, 2 for usage,
 * file and .npy errors.
 */
export function runCommand(argv: readonly string[], io: CommandIo): number {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(parsed.message);
    return 2;
  }
  if ('help' in parsed) {
    io.out(USAGE);
    return 0;
  }
  const { args } = parsed;
  const loaded = loadGraphArg(args.file);
  if (!loaded.ok) {
    io.err(`error: ${loaded.message}`);
    return 2;
  }
  for (const line of formatRepairs(args.file, loaded.report)) io.err(line);
  const compiled = compileGraph(loaded.doc, { seed: args.seed });
  if (!compiled.ok) {
    io.err(`error: ${compiled.message}`);
    for (const d of compiled.diagnostics) io.err(`  ${d.code}: ${d.message}`);
    return 1;
  }
  const { plan } = compiled;
  const fed = readInputs(plan, args.inputs);
  if (!fed.ok) {
    io.err(`error: ${fed.message}`);
    return 2;
  }
  // Only the outputs are shown, so BatchNorm and activations may fold into the layer before them.
  const fused = fuseEpilogues(plan, compiled.weights);
  const result = createExecutor(fused.plan, fused.weights).run(fed.byNode, fed.batch);
  if (!result.ok) {
    io.err(`error: ${result.error.message}`);
    return result.error.code === 'input-length' || result.error.code === 'non-finite-input' ? 2 : 1;
  }
  const totalMs = result.stepMs.reduce((a, b) => a + b, 0);
  io.out(`ran "${loaded.doc.name}" on ${fed.batch} sample(s) in ${totalMs.toFixed(1)} ms (seed ${args.seed}${loaded.doc.weights ? ', document weights where given' : ''})`);
  const outputPaths = args.output && plan.outputs.length > 1 ? outputPathsFor(args.output, plan.outputs.map((o) => o.nodeId)) : null;
  for (const out of plan.outputs) {
    const data = result.outputs[out.nodeId];
    io.out(`output ${out.name}: shape [${[fed.batch, ...out.shape].join(', ')}]`);
    if (args.output) {
      const path = outputPaths?.get(out.nodeId) ?? args.output;
      try {
        writeFileSync(path, encodeNpy([fed.batch, ...out.shape], data));
      } catch (e) {
        io.err(`error: cannot write ${path}: ${(e as Error).message}`);
        return 2;
      }
      io.out(`wrote ${path}`);
    }
    if (isClassifier(plan, out)) for (const line of formatTop5(data, fed.batch, out.shape[0])) io.out(line);
  }
  return 0;
}

type FedInputs = { ok: true; byNode: Record<string, Float32Array>; batch: number } | { ok: false; message: string };

function readInputs(plan: ExecutionPlan, given: RunArgs['inputs']): FedInputs {
  const byNode: Record<string, Float32Array> = {};
  let batch = -1;
  for (const g of given) {
    const input = g.nodeId === null ? (plan.inputs.length === 1 ? plan.inputs[0] : null) : plan.inputs.find((i) => i.nodeId === g.nodeId || i.name === g.nodeId);
    if (!input) {
      const ids = plan.inputs.map((i) => i.nodeId).join(', ');
      return { ok: false, message: g.nodeId === null ? `the graph has ${plan.inputs.length} Inputs (${ids}): use --input NODE_ID=FILE.npy` : `"${g.nodeId}" is not an Input of the graph (Inputs: ${ids})` };
    }
    const read = readCappedFile(g.path, MAX_NPY_INPUT_BYTES, '.npy input');
    if (!read.ok) return read;
    const npy = parseNpy(read.bytes);
    if (!npy.ok) return { ok: false, message: `${g.path}: ${npy.error.message}` };
    const n = batchOf(npy.shape, input.shape);
    if (n === null) {
      return { ok: false, message: `${g.path}: shape [${npy.shape.join(', ')}] does not fit Input "${input.name}" ${formatShape(input.shape)}: expected [N, ${input.shape.join(', ')}]` };
    }
    if (n === 0) return { ok: false, message: `${g.path}: holds 0 samples` };
    if (batch >= 0 && n !== batch) return { ok: false, message: `${g.path}: ${n} samples, but the other input has ${batch}` };
    batch = n;
    byNode[input.nodeId] = npy.data;
  }
  const missing = plan.inputs.find((i) => !byNode[i.nodeId]);
  if (missing) return { ok: false, message: `no --input for Input "${missing.name}" (${missing.nodeId})` };
  return { ok: true, byNode, batch };
}

/** N for an array shaped [N, ...sample], 1 for one shaped exactly like the sample, else null. */
function batchOf(shape: readonly number[], sample: readonly number[]): number | null {
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  if (shape.length === sample.length + 1 && same(shape.slice(1), sample)) return shape[0];
  if (same(shape, sample)) return 1;
  return null;
}

/** A vector output, or one produced by a softmax, is read as class scores. */
function isClassifier(plan: ExecutionPlan, out: PlanTensor): boolean {
  if (out.shape.length === 1) return true;
  const step = plan.steps.find((s) => s.nodeId === out.nodeId);
  if (step === undefined) return false;
  const field = getLayer(step.kind)?.activationField;
  return field !== undefined && (step.params as Record<string, unknown>)[field] === 'softmax';
}

const MAX_SAMPLES_SHOWN = 10;

function formatTop5(data: Float32Array, batch: number, classes: number): string[] {
  const lines: string[] = [];
  const per = data.length / batch;
  for (let s = 0; s < Math.min(batch, MAX_SAMPLES_SHOWN); s++) {
    const row = data.subarray(s * per, (s + 1) * per);
    const top = Array.from(row.keys()).sort((a, b) => row[b] - row[a] || a - b).slice(0, 5);
    lines.push(`  sample ${s} top-5: ${top.map((c) => `${c} (${row[c].toFixed(4)})`).join(', ')}`);
  }
  if (batch > MAX_SAMPLES_SHOWN) lines.push(`  ... ${batch - MAX_SAMPLES_SHOWN} more sample(s) in the output`);
  if (classes !== per) lines.push(`  (${per} values per sample)`);
  return lines;
}
