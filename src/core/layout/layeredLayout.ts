import type { GraphDocument, Position } from '../graph/types';
import type { CardSize } from './needsLayout';

/** Gaps between cards: rows leave room for the shape label on the wire, like the ELK layout. */
const ROW_GAP = 44;
const COLUMN_GAP = 32;
/** Barycentre sweeps (down, up, down, ...): a few settle the order of ordinary CNN graphs. */
const SWEEPS = 4;

/**
 * A fast layered layout, top to bottom, for graphs too big to hand to ELK on the main thread (ELK
 * takes seconds on 300 nodes): each node's row is its longest path from an input, rows are ordered
 * by barycentre sweeps, and each card sits under the mean of its inputs, pushed right just enough to
 * keep COLUMN_GAP from its neighbour. Linear in the edges per sweep. Edges to missing nodes and
 * cycles (a hand-edited file) are tolerated: a node on a cycle goes one row below what is placed.
 */
export function computeLayeredLayout(doc: GraphDocument, card: CardSize): Map<string, Position> {
  const ids = doc.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const preds: number[][] = ids.map(() => []);
  const succs: number[][] = ids.map(() => []);
  for (const e of doc.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    preds[t].push(s);
    succs[s].push(t);
  }
  const row = assignRows(preds, succs);
  const rows: number[][] = [];
  // Document order first: inputs of Add/Concatenate usually come in the order they were written.
  for (let i = 0; i < ids.length; i++) (rows[row[i]] ??= []).push(i);
  const x = new Float64Array(ids.length);
  const step = card.width + COLUMN_GAP;
  const spread = (r: number[]) => r.forEach((v, k) => { x[v] = (k - (r.length - 1) / 2) * step; });
  rows.forEach(spread);
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const down = sweep % 2 === 0;
    const order = down ? rows : [...rows].reverse();
    for (const r of order) {
      const by = down ? preds : succs;
      const centre = (v: number) => (by[v].length ? by[v].reduce((a, u) => a + x[u], 0) / by[v].length : x[v]);
      const keyed = r.map((v) => ({ v, c: centre(v) }));
      keyed.sort((a, b) => a.c - b.c);
      r.splice(0, r.length, ...keyed.map((k) => k.v));
      spread(r);
    }
  }
  // Final x: under the mean of the inputs, never closer than one step to the left neighbour.
  for (const r of rows) {
    let last = -Infinity;
    const wanted = r.map((v) => (preds[v].length ? preds[v].reduce((a, u) => a + x[u], 0) / preds[v].length : x[v]));
    r.forEach((v, k) => { x[v] = Math.max(wanted[k], last + step); last = x[v]; });
    // Re-centre the row on what it wanted, so a wide row does not drift right.
    const shift = (wanted.reduce((a, b) => a + b, 0) - r.reduce((a, v) => a + x[v], 0)) / r.length;
    for (const v of r) x[v] += shift;
  }
  let minX = 0;
  for (let i = 0; i < x.length; i++) minX = i === 0 ? x[i] : Math.min(minX, x[i]);
  const positions = new Map<string, Position>();
  ids.forEach((id, i) => positions.set(id, { x: Math.round(x[i] - minX), y: row[i] * (card.height + ROW_GAP) }));
  return positions;
}

/** Longest-path rows (Kahn's order); nodes left on a cycle go one row below everything placed. */
function assignRows(preds: number[][], succs: number[][]): number[] {
  const n = preds.length;
  const row = new Array<number>(n).fill(0);
  const waiting = preds.map((p) => p.length);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (waiting[i] === 0) queue.push(i);
  const done = new Uint8Array(n);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    done[v] = 1;
    for (const t of succs[v]) {
      row[t] = Math.max(row[t], row[v] + 1);
      if (--waiting[t] === 0) queue.push(t);
    }
  }
  let below = queue.reduce((m, v) => Math.max(m, row[v]), 0) + 1;
  for (let i = 0; i < n; i++) if (!done[i]) row[i] = below++;
  return row;
}
