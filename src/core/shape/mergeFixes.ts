import type { GraphNode, Shape } from '../graph/types';
import { labelNode } from './indexGraph';
import {
  channelParam, feeds, hasWindowPadding, inputsOf, keepWorking, recomputeOutput, sameShape, showShape,
  type FixContext, type InputCandidate,
} from './fixContext';
import type { Fix } from './types';

/** Kinds a per-channel gate passes through on its way from the layer that sets its width. */
const GATE_PASS_THROUGH = new Set(['Activation', 'Dropout', 'BatchNorm']);

const sizeOf = (s: Shape): number => s.reduce((a, b) => a * b, 1);

/**
 * Fixes for 'merge-shape-mismatch' on Add, Concatenate and Multiply, the ones a practitioner
 * reaches for: a 1x1 Conv2D projection or more filters on the narrower branch; padding 'same' on a
 * branch's window layer or a Cropping2D on the larger branch (U-Net's skip connections); and for a
 * squeeze-and-excitation gate, the gate's Dense units set to the map's channels.
 */
export function findMergeFixes(fc: FixContext, merge: GraphNode): Fix[] {
  const inputs = inputsOf(fc, merge.id);
  if (inputs.some((i) => i.shape === null)) return [];
  const shapes = inputs.map((i) => i.shape!);
  const candidates: InputCandidate[] = [];
  const full = merge.kind === 'Multiply' ? largest(shapes) : null;
  inputs.forEach((input, i) => {
    // A branch edit must not change another input of this merge, or the check below would be wrong.
    const touchesOthers = (id: string) => inputs.some((o, j) => j !== i && (o.producer.id === id || feeds(fc, id, o.producer.id)));
    const alone = !touchesOthers(input.producer.id);
    const ref = full ?? shapes[i === 0 ? 1 : 0];
    if (!ref || sameShape(shapes[i], ref)) return;
    if (full && isGateShaped(shapes[i])) {
      candidates.push(...gateCandidates(fc, input.producer, i, shapes[i], full[full.length - 1]).filter((c) => c.patch.type !== 'setParams' || !touchesOthers(c.patch.nodeId)));
    }
    else candidates.push(...branchCandidates(fc, merge.kind, input, i, ref, alone));
  });
  const seen = new Set<string>();
  return keepWorking(fc, merge.id, candidates)
    .filter((c) => !seen.has(c.label) && !!seen.add(c.label))
    .map(({ label, patch }) => ({ label, patch }));
}

function largest(shapes: readonly Shape[]): Shape {
  return shapes.reduce((best, s) => (sizeOf(s) > sizeOf(best) || (sizeOf(s) === sizeOf(best) && s.length > best.length) ? s : best), shapes[0]);
}

function isGateShaped(s: Shape): boolean {
  return s.length === 1 || (s.length === 3 && s[0] === 1 && s[1] === 1);
}

function branchCandidates(
  fc: FixContext, kind: string, input: ReturnType<typeof inputsOf>[number], i: number, ref: Shape, alone: boolean,
): InputCandidate[] {
  const x = input.shape!;
  const p = input.producer;
  const name = labelNode(p);
  const out: InputCandidate[] = [];
  if (x.length !== ref.length) return out;
  const spatialSame = x.slice(0, -1).every((d, k) => d === ref[k]);
  const c = ref[ref.length - 1];
  const xc = x[x.length - 1];
  if (spatialSame && kind !== 'Concatenate' && xc < c) {
    if (x.length === 3) {
      const shape = [x[0], x[1], c];
      out.push({
        label: `insert a 1x1 Conv2D projection with ${c} filters after ${name} (${showShape(x)} → ${showShape(shape)})`,
        patch: { type: 'insertNodeOnEdge', edgeId: input.edge.id, kind: 'Conv2D', params: { filters: c, kernelSize: 1, strides: 1, padding: 'valid', activation: 'linear' } },
        input: i,
        shape,
      });
    }
    const param = channelParam(p.kind);
    const shape = param && alone ? recomputeOutput(fc, p.id, { [param]: c }) : null;
    if (param && shape) {
      out.push({ label: `set ${param} ${c} on ${name} (→ ${showShape(shape)})`, patch: { type: 'setParams', nodeId: p.id, params: { [param]: c } }, input: i, shape });
    }
  }
  if (x.length === 3 && !spatialSame) {
    if (alone && hasWindowPadding(p.kind) && p.params.padding !== 'same') {
      const shape = recomputeOutput(fc, p.id, { padding: 'same' });
      if (shape) out.push({ label: `padding 'same' on ${name} (→ ${showShape(shape)})`, patch: { type: 'setParams', nodeId: p.id, params: { padding: 'same' } }, input: i, shape });
    }
    const dh = x[0] - ref[0];
    const dw = x[1] - ref[1];
    if (dh >= 0 && dw >= 0) {
      // Centre crop, the odd pixel off the bottom and right (as U-Net and Keras' examples do).
      const cropping = [[Math.floor(dh / 2), dh - Math.floor(dh / 2)], [Math.floor(dw / 2), dw - Math.floor(dw / 2)]];
      const shape = [ref[0], ref[1], x[2]];
      out.push({
        label: `insert Cropping2D ${JSON.stringify(cropping).replace(/,/g, ', ')} after ${name} (${showShape(x)} → ${showShape(shape)})`,
        patch: { type: 'insertNodeOnEdge', edgeId: input.edge.id, kind: 'Cropping2D', params: { cropping } },
        input: i,
        shape,
      });
    }
  }
  return out;
}

/** A gate of the wrong width: set the width on the layer that makes it (through activations). */
function gateCandidates(fc: FixContext, producer: GraphNode, i: number, gate: Shape, c: number): InputCandidate[] {
  let source = producer;
  while (GATE_PASS_THROUGH.has(source.kind)) {
    const up = fc.index.incoming.get(source.id) ?? [];
    if (up.length !== 1) return [];
    source = fc.index.byId.get(up[0].source)!;
  }
  const param = channelParam(source.kind);
  if (!param) return [];
  const made = recomputeOutput(fc, source.id, { [param]: c });
  if (!made || made[made.length - 1] !== c) return [];
  const shape = [...gate.slice(0, -1), c];
  return [{
    label: `set ${param} ${c} on ${labelNode(source)} (the gate gets the map's ${c} channels)`,
    patch: { type: 'setParams', nodeId: source.id, params: { [param]: c } },
    input: i,
    shape,
  }];
}
