import type { Padding } from '../../graph/types';
import type { ConvGeometry } from '../../shape/types';
import type { KerasLayer } from './kerasLayer';

/** The edges a window layer reads past its input: what a ZeroPadding2D in front of a 'valid' layer adds. */
export interface EdgePads { top: number; bottom: number; left: number; right: number }

/**
 * How Keras writes the window of a convolution or pool: 'valid', TensorFlow's 'same', or
 * neither (an explicit or PyTorch-style pad, a ceilMode overhang), which is a ZeroPadding2D of
 * `pads` before a 'valid' layer. Compared on what the windows read: the first pad and the output
 * size per axis, so a pad no window reaches changes nothing. `written` is the graph's form,
 * preferred when two forms read the same. `explicit` is the pads a 'valid' layer would need.
 */
export function kerasWindow(g: ConvGeometry, written: Padding): { padding: 'valid' | 'same'; pads: EdgePads | null; explicit: EdgePads } {
  const axis = (size: number, effK: number, s: number, before: number, out: number) => {
    const sameOut = Math.ceil(size / s);
    const sameBefore = Math.floor(Math.max((sameOut - 1) * s + effK - size, 0) / 2);
    return {
      valid: before === 0 && out === Math.floor((size - effK) / s) + 1,
      same: out === sameOut && before === sameBefore,
      // Rows the last window reads past the input (negative: input rows no window reads).
      after: Math.max((out - 1) * s + effK - size - before, 0),
    };
  };
  const rows = axis(g.inH, g.effKH, g.strideH, g.padTop, g.outH);
  const cols = axis(g.inW, g.effKW, g.strideW, g.padLeft, g.outW);
  const same = rows.same && cols.same;
  const explicit = { top: g.padTop, bottom: rows.after, left: g.padLeft, right: cols.after };
  if (written === 'same' && same) return { padding: 'same', pads: null, explicit };
  if (rows.valid && cols.valid) return { padding: 'valid', pads: null, explicit };
  if (same) return { padding: 'same', pads: null, explicit };
  return { padding: 'valid', pads: explicit, explicit };
}

/** The ZeroPadding2D layer of explicit pads: ((top, bottom), (left, right)). */
export function zeroPaddingLayer(name: string, input: string, p: EdgePads): KerasLayer {
  return { className: 'ZeroPadding2D', name, args: { padding: [[p.top, p.bottom], [p.left, p.right]] }, inputs: [input], weights: [] };
}

export function describePads(p: EdgePads): string {
  return `top ${p.top}, bottom ${p.bottom}, left ${p.left}, right ${p.right}`;
}
