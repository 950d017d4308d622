import type { GraphDocument } from '../graph/types';

/** The size of a card, for telling whether two cards sit on each other. */
export interface CardSize { width: number; height: number }

/** What needsLayout found: whether to lay the graph out, and why (for tests and messages). */
export type LayoutNeed =
  | { needed: false }
  | { needed: true; reason: 'unplaced' | 'overlapping'; count: number };

/**
 * Whether a document opened from a file, a link or an import should be laid out before it is
 * shown. Yes when every node came without a position, or when at least a quarter of the nodes
 * (and at least 2) each cover more than half of another card: a generator that wrote every node
 * at (0, 0), or a grid with the wrong spacing. One or two cards dropped on each other in a drawn
 * graph do not count, so a person's own arrangement is kept.
 *
 * Two cards of the same size overlap by (w - |dx|)(h - |dy|) when |dx| < w and |dy| < h. Cards are
 * bucketed in a grid of card-sized cells, so only neighbouring cells are compared, and the scan
 * stops as soon as the threshold is reached (all nodes at one spot: about (n/4)^2 / 2 comparisons).
 */
export function needsLayout(doc: GraphDocument, unplaced: readonly string[], card: CardSize): LayoutNeed {
  const n = doc.nodes.length;
  if (n === 0) return { needed: false };
  if (unplaced.length >= n) return { needed: true, reason: 'unplaced', count: unplaced.length };
  const threshold = Math.max(2, Math.ceil(n / 4));
  const half = (card.width * card.height) / 2;
  const cells = new Map<string, number[]>();
  const covered = new Set<number>();
  const cellOf = (v: number, size: number) => Math.floor(v / size);
  for (let i = 0; i < n; i++) {
    const p = doc.nodes[i].position;
    // A non-finite coordinate is repaired by the file gate; here it only must not loop or throw.
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    const cx = cellOf(p.x, card.width);
    const cy = cellOf(p.y, card.height);
    for (let gx = cx - 1; gx <= cx + 1; gx++) {
      for (let gy = cy - 1; gy <= cy + 1; gy++) {
        for (const j of cells.get(`${gx},${gy}`) ?? []) {
          const q = doc.nodes[j].position;
          const w = card.width - Math.abs(p.x - q.x);
          const h = card.height - Math.abs(p.y - q.y);
          if (w > 0 && h > 0 && w * h > half) {
            covered.add(i);
            covered.add(j);
            if (covered.size >= threshold) return { needed: true, reason: 'overlapping', count: covered.size };
          }
        }
      }
    }
    const key = `${cx},${cy}`;
    const list = cells.get(key);
    if (list) list.push(i);
    else cells.set(key, [i]);
  }
  return { needed: false };
}
