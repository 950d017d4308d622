import { diffGraphs, formatDiff } from '../../core/diff';
import { processIo, writeLines, type CommandIo } from '../io/commandIo';
import { formatRepairs, loadGraphArg } from './readGraphFile';

const USAGE = 'usage: diff A B [--json]   (A, B: a graph .json, a preset id such as lenet5, or an .onnx model)';

/** The `diff` entry for the CLI dispatcher. */
export function runDiffCommand(args: string[]): number {
  return diffCommand(args, processIo);
}

/**
 * `diff A B [--json]`: what changed from A to B (layers added, removed and changed, each param
 * change, rewired inputs, weights) and the totals of both. Exit codes as diff(1): 0 when the models
 * are the same, 1 when they differ, 2 when an argument or a file is bad. The JSON is described in
 * docs/diff.md.
 */
export function diffCommand(args: readonly string[], io: CommandIo): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
  const files = args.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || files.length !== 2) {
    io.err(unknown.length > 0 ? `diff: unknown option ${unknown[0]}; ${USAGE}` : `diff: takes two graphs, got ${files.length}; ${USAGE}`);
    return 2;
  }
  const [a, b] = files.map((f) => loadGraphArg(f));
  for (const [i, loaded] of [a, b].entries()) {
    if (!loaded.ok) {
      io.err(`error: ${loaded.message}`);
      return 2;
    }
    for (const line of formatRepairs(files[i], loaded.report)) io.err(line);
  }
  if (!a.ok || !b.ok) return 2;
  const diff = diffGraphs(a.doc, b.doc);
  if (args.includes('--json')) {
    writeLines(io.out, JSON.stringify({ format: 'cnn-graph-diff', version: 1, before: files[0], after: files[1], ...diff }, null, 2));
  } else {
    io.out(`--- ${files[0]} (${a.doc.name})`);
    io.out(`+++ ${files[1]} (${b.doc.name})`);
    for (const line of formatDiff(diff)) io.out(line);
  }
  return diff.identical ? 0 : 1;
}
