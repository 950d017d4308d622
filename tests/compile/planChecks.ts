import type { ExecutionPlan } from '../../src/core/compile/types';

/**
 * Independent checks of a plan's memory layout, recomputed from the steps alone (not from the
 * planner's own lifetimes): when each buffer is written, when it is last read.
 */
export function lifetimesFromSteps(plan: ExecutionPlan): { id: number; first: number; last: number; size: number }[] {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const size = new Map<number, number>();
  for (const s of plan.steps) {
    for (const b of s.inputBuffers) last.set(b, Math.max(last.get(b) ?? -1, s.index));
    if (!first.has(s.outputBuffer)) {
      first.set(s.outputBuffer, s.index);
      size.set(s.outputBuffer, s.outputShape.reduce((a, b) => a * b, 1));
      last.set(s.outputBuffer, Math.max(last.get(s.outputBuffer) ?? -1, s.index));
    }
  }
  const end = plan.steps.length - 1;
  for (const o of plan.outputs) last.set(o.buffer, end);
  return [...first.keys()].map((b) => ({ id: b, first: first.get(b)!, last: last.get(b)!, size: size.get(b)! }));
}

/** Brute force over the step order: the largest total size of buffers alive at one step. */
export function bruteForcePeakElements(plan: ExecutionPlan): number {
  const lives = lifetimesFromSteps(plan);
  let peak = 0;
  for (let t = 0; t < plan.steps.length; t++) {
    peak = Math.max(peak, lives.filter((l) => l.first <= t && t <= l.last).reduce((sum, l) => sum + l.size, 0));
  }
  return peak;
}

/**
 * Replays the plan: a step's write must not touch any other buffer that was written earlier and
 * is still to be read (by a later step, or as an output after the run). Returns the first clobber.
 */
export function findClobber(plan: ExecutionPlan): string | null {
  const lives = new Map<number, { first: number; last: number }>();
  for (const s of plan.steps) {
    if (!lives.has(s.outputBuffer)) lives.set(s.outputBuffer, { first: s.index, last: s.index });
    for (const b of s.inputBuffers) lives.get(b)!.last = Math.max(lives.get(b)!.last, s.index);
  }
  for (const o of plan.outputs) lives.get(o.buffer)!.last = plan.steps.length;
  const region = (b: number) => {
    const buf = plan.buffers[b];
    return [buf.offsetElements, buf.offsetElements + buf.sizeElements] as const;
  };
  for (const s of plan.steps) {
    if (s.kernelName === 'alias') continue;
    const [ws, we] = region(s.outputBuffer);
    for (const [b, life] of lives) {
      if (b === s.outputBuffer || life.first >= s.index || life.last < s.index) continue;
      const [rs, re] = region(b);
      if (ws < re && rs < we) return `step ${s.index} (${s.name}) writes [${ws}, ${we}) over buffer b${b} [${rs}, ${re}) still needed until step ${life.last}`;
    }
  }
  return null;
}

/** Every pair of buffers whose lifetimes intersect must occupy disjoint arena ranges. */
export function findOverlappingPair(plan: ExecutionPlan): string | null {
  const lives = lifetimesFromSteps(plan);
  for (let i = 0; i < lives.length; i++) {
    for (let j = i + 1; j < lives.length; j++) {
      const la = lives[i];
      const lb = lives[j];
      const a = plan.buffers[la.id];
      const b = plan.buffers[lb.id];
      const sameTime = la.first <= lb.last && lb.first <= la.last;
      const sameSpace = a.offsetElements < b.offsetElements + b.sizeElements && b.offsetElements < a.offsetElements + a.sizeElements;
      if (sameTime && sameSpace) return `b${a.id} and b${b.id} are alive together and overlap`;
    }
  }
  return null;
}
