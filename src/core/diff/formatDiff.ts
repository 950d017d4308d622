import { formatCount, formatMB, formatMacs, formatShapeList } from '../format';
import type { GraphDiff, NodeDiff, OutputShape, TotalDelta, WeightChange } from './types';

/** A param value as the change list shows it: JSON, so `"same"` and `[[0, 1], [0, 1]]` read as written. */
export function formatValue(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value).replace(/,/g, ', ');
}

function formatWeight(w: WeightChange): string {
  const size = (info: WeightChange['before']) => (info ? `${formatShapeList(info.shape)}, ${formatCount(info.count)} value${info.count === 1 ? '' : 's'}` : '');
  switch (w.change) {
    case 'values': return `weights ${w.name}: values changed (${size(w.after)})`;
    case 'shape': return `weights ${w.name} ${formatShapeList(w.before?.shape)} -> ${formatShapeList(w.after?.shape)}`;
    case 'added': return `weights ${w.name} added (${size(w.after)})`;
    case 'removed': return `weights ${w.name} removed (was ${size(w.before)})`;
  }
}

/**
 * The changes of one node, one line each, as `C3.filters 16 -> 32`, `C3 inputs [S2] -> [S2, P1]`,
 * `C3 weights kernel: values changed ([5, 5, 6, 16], 2,400 values)`. Empty for added and removed nodes (their line says it all).
 */
export function describeNodeChanges(node: NodeDiff): string[] {
  if (node.status !== 'changed' || !node.before || !node.after) return [];
  const label = node.after.name;
  const lines: string[] = [];
  if (node.name) lines.push(`${node.name.before} renamed to ${node.name.after}`);
  if (node.kind) lines.push(`${label} kind ${node.kind.before} -> ${node.kind.after}`);
  for (const p of node.params) lines.push(`${label}.${p.field} ${formatValue(p.before)} -> ${formatValue(p.after)}`);
  if (node.inputs) lines.push(`${label} inputs [${node.inputs.before.join(', ')}] -> [${node.inputs.after.join(', ')}]`);
  for (const w of node.weights) lines.push(`${label} ${formatWeight(w)}`);
  return lines;
}

/** One node's heading line: `+ P1 (MaxPool2D) added`, `- F6 (Dense) removed`, `~ C3 (Conv2D) changed`. */
export function describeNodeHeading(node: NodeDiff): string {
  const ref = node.after ?? node.before!;
  const mark = node.status === 'added' ? '+' : node.status === 'removed' ? '-' : '~';
  return `${mark} ${ref.name} (${ref.kind}) ${node.status}`;
}

function signed(text: string, delta: number): string {
  return delta > 0 ? `+${text}` : delta < 0 ? `-${text}` : '±0';
}

/** `61,706 -> 60,016 (-1,690)`. */
export function formatCountDelta(t: TotalDelta): string {
  return `${formatCount(t.before)} -> ${formatCount(t.after)} (${signed(formatCount(Math.abs(t.delta)), t.delta)})`;
}

/** `416.52 K -> 1.08 M (+668.88 K)` in the summary's MAC units. */
export function formatMacsDelta(t: TotalDelta): string {
  return `${formatMacs(t.before)} -> ${formatMacs(t.after)} (${signed(formatMacs(Math.abs(t.delta)), t.delta)})`;
}

/** `0.28 MB -> 0.31 MB (+0.03 MB)` in torchinfo's decimal MB. */
export function formatMemoryDelta(t: TotalDelta): string {
  return `${formatMB(t.before)} -> ${formatMB(t.after)} (${signed(formatMB(Math.abs(t.delta)), t.delta)})`;
}

/** `Output [10]`, or `Out1 [10], Out2 [4]` for several outputs. */
export function formatOutputs(outputs: readonly OutputShape[]): string {
  if (outputs.length === 0) return '(none)';
  return outputs.map((o) => `${o.name} ${formatShapeList(o.shape)}`).join(', ');
}

/** The whole diff as text lines: the node changes, then the totals (the CLI prints this). */
export function formatDiff(diff: GraphDiff): string[] {
  const lines: string[] = [];
  const { added, removed, changed, unchanged } = diff.counts;
  lines.push(diff.identical
    ? `No changes (${unchanged} node${unchanged === 1 ? '' : 's'} the same).`
    : `${added} added, ${removed} removed, ${changed} changed, ${unchanged} unchanged`);
  for (const node of diff.nodes) {
    lines.push(describeNodeHeading(node));
    for (const line of describeNodeChanges(node)) lines.push(`    ${line}`);
  }
  const t = diff.totals;
  lines.push('');
  lines.push(`Params:  ${formatCountDelta(t.params)}`);
  lines.push(`MACs:    ${formatMacsDelta(t.macs)}`);
  lines.push(`Memory:  ${formatMemoryDelta(t.memoryMB)}`);
  lines.push(`Output:  ${t.outputs.changed ? `${formatOutputs(t.outputs.before)} -> ${formatOutputs(t.outputs.after)}` : formatOutputs(t.outputs.after)}`);
  return lines;
}
