/** How long a buffer lives: written at `firstStep`, last read at `lastStep` (inclusive). */
export interface BufferLifetime { sizeElements: number; firstStep: number; lastStep: number }

/** Offsets into one arena plus its size; `peakLiveElements` is the lower bound any layout needs. */
export interface ArenaLayout { offsets: number[]; arenaElements: number; peakLiveElements: number }

type Placement = 'best-fit' | 'lowest' | 'highest';

/**
 * Places buffers in one arena so that buffers alive at the same step never overlap, while a
 * buffer whose last reader has run is free space for later ones. A step's output is live together
 * with its inputs, so a kernel never writes over what it reads.
 *
 * Exact placement is NP-hard, so this tries three cheap heuristics and keeps the smallest arena:
 * - greedy by size (the TensorFlow Lite arena planner): largest buffer first, into the smallest
 *   gap left by the placed buffers whose lifetimes intersect its own;
 * - in execution order, best fit (what a malloc would do);
 * - in execution order, alternating bottom-up and top-down inside the live peak: on a chain each
 *   buffer only meets its neighbours, so this reaches the peak exactly.
 * O(n^2) in the number of buffers, which is the number of nodes of the graph.
 */
export function planArena(lifetimes: readonly BufferLifetime[]): ArenaLayout {
  const peakLiveElements = computePeakLive(lifetimes);
  const ids = lifetimes.map((_, i) => i);
  const bySize = [...ids].sort((a, b) => lifetimes[b].sizeElements - lifetimes[a].sizeElements || lifetimes[a].firstStep - lifetimes[b].firstStep);
  const byStep = [...ids].sort((a, b) => lifetimes[a].firstStep - lifetimes[b].firstStep || lifetimes[b].sizeElements - lifetimes[a].sizeElements);
  const candidates = [
    place(lifetimes, bySize, () => 'best-fit', Infinity),
    place(lifetimes, byStep, () => 'best-fit', Infinity),
    place(lifetimes, byStep, (rank) => (rank % 2 === 0 ? 'lowest' : 'highest'), peakLiveElements),
  ];
  let best: number[] | null = null;
  let bestSize = Infinity;
  for (const offsets of candidates) {
    if (!offsets) continue;
    const size = arenaSize(lifetimes, offsets);
    if (size < bestSize) {
      best = offsets;
      bestSize = size;
    }
  }
  // The first candidate is unbounded, so it always succeeds.
  return { offsets: best ?? [], arenaElements: best ? bestSize : 0, peakLiveElements };
}

/** The largest total size of buffers alive at one step. */
export function computePeakLive(lifetimes: readonly BufferLifetime[]): number {
  let lastStep = -1;
  for (const l of lifetimes) lastStep = Math.max(lastStep, l.lastStep);
  // A difference array over steps: +size where a buffer starts, -size after it ends.
  const delta = new Float64Array(lastStep + 2);
  for (const l of lifetimes) {
    delta[l.firstStep] += l.sizeElements;
    delta[l.lastStep + 1] -= l.sizeElements;
  }
  let live = 0;
  let peak = 0;
  for (let t = 0; t <= lastStep; t++) {
    live += delta[t];
    peak = Math.max(peak, live);
  }
  return peak;
}

/** Places buffers in `order`; null when a bounded placement does not fit under `limit`. */
function place(
  lifetimes: readonly BufferLifetime[],
  order: readonly number[],
  placementOf: (rank: number) => Placement,
  limit: number,
): number[] | null {
  const offsets = new Array<number>(lifetimes.length).fill(-1);
  const placed: number[] = [];
  for (let rank = 0; rank < order.length; rank++) {
    const id = order[rank];
    const me = lifetimes[id];
    const clashes = placed
      .filter((other) => overlapsInTime(me, lifetimes[other]) && lifetimes[other].sizeElements > 0)
      .map((other) => ({ start: offsets[other], end: offsets[other] + lifetimes[other].sizeElements }))
      .sort((a, b) => a.start - b.start);
    const offset = chooseOffset(freeGaps(clashes, limit), me.sizeElements, placementOf(rank));
    if (offset < 0) return null;
    offsets[id] = offset;
    placed.push(id);
  }
  return offsets;
}

interface Gap { start: number; end: number }

/** Free space between occupied intervals (sorted by start), up to `limit` (Infinity = open-ended). */
function freeGaps(occupied: readonly Gap[], limit: number): Gap[] {
  const gaps: Gap[] = [];
  let cursor = 0;
  for (const o of occupied) {
    if (o.start > cursor) gaps.push({ start: cursor, end: o.start });
    cursor = Math.max(cursor, o.end);
  }
  if (limit > cursor) gaps.push({ start: cursor, end: limit });
  return gaps;
}

function chooseOffset(gaps: readonly Gap[], size: number, how: Placement): number {
  const fitting = gaps.filter((g) => g.end - g.start >= size);
  if (fitting.length === 0) return -1;
  switch (how) {
    case 'lowest':
      return fitting[0].start;
    case 'highest':
      return fitting[fitting.length - 1].end - size;
    case 'best-fit': {
      // The open-ended gap after everything only wins when no bounded gap fits.
      let best = fitting[0];
      for (const g of fitting) if (g.end - g.start < best.end - best.start) best = g;
      return best.start;
    }
  }
}

function arenaSize(lifetimes: readonly BufferLifetime[], offsets: readonly number[]): number {
  let size = 0;
  for (let i = 0; i < lifetimes.length; i++) size = Math.max(size, offsets[i] + lifetimes[i].sizeElements);
  return size;
}

function overlapsInTime(a: BufferLifetime, b: BufferLifetime): boolean {
  return a.firstStep <= b.lastStep && b.firstStep <= a.lastStep;
}
