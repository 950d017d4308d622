import { EXPORT_TARGETS, type ExportOptions, type ExportTarget } from '../../core/export/targets';
import { processIo, type CommandIo } from '../io/commandIo';
import { writeExportOutput } from '../io/writeOutput';
import { parseSeed } from '../../ui/run/parseSeed';
import { formatRepairs, loadGraphArg } from './readGraphFile';

const usage = (targets: readonly ExportTarget[]) => `usage: export FILE --to ${targets.map((t) => t.id).join('|')} --out PATH [--no-weights] [--force] [--seed N] [--layout nchw|nhwc]`;

interface ExportArgs { file: string; to: string; out: string; options: ExportOptions; force: boolean; layoutGiven: boolean }

type Parsed = { ok: true; args: ExportArgs } | { ok: true; help: true } | { ok: false; message: string };

function parseArgs(argv: readonly string[], targets: readonly ExportTarget[]): Parsed {
  const USAGE = usage(targets);
  const files: string[] = [];
  let to: string | null = null;
  let out: string | null = null;
  const options: ExportOptions = { weights: 'document', seed: 0 };
  let force = false;
  let layoutGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = argv[i + 1];
    const missing = value === undefined || value.startsWith('--');
    switch (a) {
      case '--to':
        if (missing) return { ok: false, message: `--to needs a target (${targets.map((t) => t.id).join(', ')}); ${USAGE}` };
        to = value; i++; break;
      case '--out':
        if (missing) return { ok: false, message: `--out needs a path; ${USAGE}` };
        out = value; i++; break;
      case '--seed': {
        const parsed = parseSeed(value ?? '');
        if (!parsed.ok) return { ok: false, message: `--seed: ${parsed.message}` };
        options.seed = parsed.seed; i++; break;
      }
      case '--layout':
        if (value !== 'nchw' && value !== 'nhwc') return { ok: false, message: `--layout must be nchw or nhwc, got ${value ?? 'nothing'}` };
        options.layout = value; layoutGiven = true; i++; break;
      case '--no-weights': options.weights = 'none'; break;
      case '--force': force = true; break;
      case '--help': case '-h': return { ok: true, help: true };
      default:
        if (a.startsWith('-')) return { ok: false, message: `export: unknown option ${a}; ${USAGE}` };
        files.push(a);
    }
  }
  if (files.length !== 1 || to === null || out === null) return { ok: false, message: USAGE };
  return { ok: true, args: { file: files[0], to, out, options, force, layoutGiven } };
}

/** The `export` entry for the CLI dispatcher. */
export function runExportCommand(args: string[]): number {
  return exportCommand(args, processIo);
}

/**
 * `export FILE --to TARGET --out PATH [--no-weights] [--force]`: the graph (a document or a preset
 * id, through the import gate) in another framework's format. Exit 0 written, 1 when the graph
 * has errors or a node cannot be expressed in the target (each named with its kind and what to
 * use instead), 2 for usage and file errors, an existing PATH without --force among them.
 * `targets` is the core's table; tests pass their own.
 */
export function exportCommand(argv: readonly string[], io: CommandIo, targets: readonly ExportTarget[] = EXPORT_TARGETS): number {
  const parsed = parseArgs(argv, targets);
  if (!parsed.ok) {
    io.err(parsed.message);
    return 2;
  }
  if ('help' in parsed) {
    io.out(usage(targets));
    return 0;
  }
  const { args } = parsed;
  const target = targets.find((t) => t.id === args.to);
  if (!target) {
    io.err(`error: --to ${args.to}: no such export target (${targets.map((t) => t.id).join(', ')})`);
    return 2;
  }
  if (args.layoutGiven && !target.options.includes('layout')) {
    io.err(`error: --layout is not an option of --to ${target.id}`);
    return 2;
  }
  const loaded = loadGraphArg(args.file);
  if (!loaded.ok) {
    io.err(`error: ${loaded.message}`);
    return 2;
  }
  for (const line of formatRepairs(args.file, loaded.report)) io.err(line);
  const started = performance.now();
  const result = target.exportGraph(loaded.doc, args.options);
  if (!result.ok) {
    io.err(`error: cannot export "${loaded.doc.name}" to ${target.label}: ${result.message}`);
    if (result.code === 'graph-errors') for (const d of result.diagnostics) io.err(`  ${d.code}: ${d.message}`);
    else for (const n of result.nodes) io.err(`  ${n.name} (${n.kind}, node ${n.nodeId}): ${n.instead}`);
    return 1;
  }
  const written = writeExportOutput(args.out, result.output, args.force);
  if (!written.ok) {
    io.err(`error: ${written.message}`);
    return 2;
  }
  const ms = performance.now() - started;
  const files = result.output.kind === 'directory' ? result.output.files : [{ path: args.out, bytes: result.output.bytes }];
  const bytes = files.reduce((s, f) => s + f.bytes.length, 0);
  io.out(`exported "${loaded.doc.name}" to ${target.label}: ${args.out} (${files.length} file(s), ${bytes} bytes, ${ms.toFixed(0)} ms)`);
  if (result.output.kind === 'directory') for (const f of result.output.files) io.out(`  ${f.path}  ${f.bytes.length} bytes`);
  for (const note of result.notes) io.out(`note: ${note}`);
  return 0;
}
