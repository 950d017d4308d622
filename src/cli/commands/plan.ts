import { buildPlan } from '../../core/compile/compileGraph';
import type { ExecutionPlan } from '../../core/compile/types';
import { processIo, writeLines, type CommandIo } from '../io/commandIo';
import { escapeTerminalText } from '../io/terminalText';
import { formatRepairs, loadGraphArg } from './readGraphFile';
import { formatBytes, formatShape } from '../../core/format';

export { processIo, type CommandIo } from '../io/commandIo';
export { loadGraphArg, type LoadedGraph } from './readGraphFile';

const USAGE = 'usage: plan FILE [--json]   (FILE: a graph .json or a preset id)';

/** The `plan` entry for the CLI dispatcher. */
export function runPlanCommand(args: string[]): number {
  return planCommand(args, processIo);
}

/**
 * `plan FILE [--json]`: compiles the graph and prints its steps (kernel, shapes, buffers with
 * their arena offsets) and the arena size against one buffer per node. Exit 0 on success,
 * 1 when the graph does not compile, 2 for usage or file errors.
 */
export function planCommand(args: readonly string[], io: CommandIo): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const files = args.filter((a) => !a.startsWith('-'));
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
  if (files.length !== 1 || unknown.length > 0) {
    io.err(unknown.length ? `plan: unknown option ${unknown[0]}; ${USAGE}` : USAGE);
    return 2;
  }
  const loaded = loadGraphArg(files[0]);
  if (!loaded.ok) {
    io.err(`error: ${loaded.message}`);
    return 2;
  }
  for (const line of formatRepairs(files[0], loaded.report)) io.err(line);
  const built = buildPlan(loaded.doc);
  if (!built.ok) {
    io.err(`error: ${built.message}`);
    for (const d of built.diagnostics) io.err(`  ${d.code}: ${d.message}`);
    return 1;
  }
  if (args.includes('--json')) {
    writeLines(io.out, JSON.stringify(built.plan, null, 2));
    return 0;
  }
  for (const line of formatPlan(loaded.doc.name, built.plan)) io.out(line);
  return 0;
}

/** The human-readable plan table and the arena summary. */
export function formatPlan(name: string, plan: ExecutionPlan): string[] {
  const rows = plan.steps.map((s) => {
    const b = plan.buffers[s.outputBuffer];
    return [
      String(s.index),
      escapeTerminalText(s.name),
      escapeTerminalText(s.kind),
      s.kernelName,
      s.inputShapes.length ? s.inputShapes.map(formatShape).join(' + ') : '-',
      formatShape(s.outputShape),
      s.inputBuffers.map((id) => `b${id}`).join(',') || '-',
      `b${s.outputBuffer}`,
      String(b.offsetElements),
      String(b.sizeElements),
    ];
  });
  const header = ['#', 'node', 'kind', 'kernel', 'input shapes', 'output', 'reads', 'writes', 'offset', 'size'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const saved = plan.naiveBytes > 0 ? (100 * (1 - plan.peakArenaBytes / plan.naiveBytes)).toFixed(1) : '0';
  return [
    `Plan for "${name}": ${plan.steps.length} steps, ${plan.inputs.length} input(s), ${plan.outputs.length} output(s), ${plan.buffers.length} buffers`,
    fmt(header),
    ...rows.map(fmt),
    `inputs:  ${plan.inputs.map((t) => `${t.name} ${formatShape(t.shape)}`).join(', ')}`,
    `outputs: ${plan.outputs.map((t) => `${t.name} ${formatShape(t.shape)}`).join(', ')}`,
    `arena: ${formatBytes(plan.peakArenaBytes)} per sample (live peak ${formatBytes(plan.peakLiveBytes)}) vs naive ${formatBytes(plan.naiveBytes)}: ${saved}% saved`,
    `MACs per sample: ${plan.totalMacs.toLocaleString('en-US')}`,
  ];
}

