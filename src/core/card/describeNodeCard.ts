import { formatCompact, formatCount, formatShape } from '../format';
import type { GraphNode } from '../graph/types';
import type { LayerCategory } from '../layers/layerTypes';
import { getLayer } from '../layers/registry';
import type { Diagnostic, NodeInference, Severity } from '../shape/types';

/**
 * What a node's card shows, on the canvas and in the exported PNG alike: one description, so the
 * two never drift apart. Built from the document node and its inference (checked params included),
 * so nothing here validates again.
 */
export interface NodeCard {
  name: string;
  kind: string;
  /** null for an unknown kind: the card is a placeholder showing the raw kind. */
  category: LayerCategory | null;
  /** The kind beside the name; empty when the name is the kind ("Flatten Flatten" reads as a stutter). */
  kindLabel: string;
  /** `6 @ 5x5 · s1 · valid · tanh`; `invalid filters` when a param is bad; empty when it would repeat the shape. */
  paramLine: string;
  /** `28x28x6`, or `?` when inference could not tell. */
  shape: string;
  /** Trainable plus non-trainable. */
  params: number;
  /** `61,706`, `1.2M` above 100,000; empty for a layer without params. */
  paramCount: string;
  severity: Severity | null;
  /** The first error, else the first warning: the message a card prints. */
  first: Diagnostic | null;
  /** Every diagnostic, one per line, for a hover title. */
  messages: string;
  /** `receptive field 196x196 px, jump 16` for spatial outputs, else empty. */
  receptiveField: string;
}

/** Describes one node's card. */
export function describeNodeCard(node: GraphNode, info: NodeInference | undefined): NodeCard {
  const def = getLayer(node.kind);
  const diagnostics = info?.diagnostics ?? [];
  const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0] ?? null;
  const shape = formatShape(info?.outputShape);
  const params = info ? info.trainableParams + info.nonTrainableParams : 0;
  let paramLine = '';
  if (def && info?.params) paramLine = def.describeParams(info.params as never);
  else if (def) paramLine = `invalid ${[...new Set(diagnostics.filter((d) => d.code === 'invalid-param').map((d) => d.field))].join(', ')}`;
  return {
    name: node.name,
    kind: node.kind,
    category: def?.category ?? null,
    kindLabel: node.name === node.kind ? '' : def ? node.kind : `unknown: ${node.kind}`,
    // An Input's params are its shape: saying it twice on a card only adds a line.
    paramLine: paramLine === shape ? '' : paramLine,
    shape,
    params,
    paramCount: params > 0 ? (params < 100_000 ? formatCount(params) : formatCompact(params)) : '',
    severity: first?.severity ?? null,
    first,
    messages: diagnostics.map((d) => `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.message}`).join('\n'),
    receptiveField: describeReceptiveField(info),
  };
}

function describeReceptiveField(info: NodeInference | undefined): string {
  if (!info?.receptiveField || !info.jump) return '';
  const [rh, rw] = info.receptiveField.map((v) => formatFieldNumber(v));
  const [jh, jw] = info.jump.map((v) => formatFieldNumber(v));
  return `receptive field ${rh}x${rw} px, jump ${jh === jw ? jh : `${jh}x${jw}`}`;
}

const formatFieldNumber = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(2));
