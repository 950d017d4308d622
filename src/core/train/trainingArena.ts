import type { ExecutionPlan } from '../compile/types';
import { planArena, type BufferLifetime } from '../compile/planArena';
import { isTrainingAlias } from './backwardMap';
import type { LayerKind } from '../graph/types';

/**
 * Where each step's activation and its gradient live during a training step, in one arena laid
 * out by the compiler's planner (compile/planArena) over the training timeline: forward of step i
 * at time i, the loss at time S, backward of step i at time 2S - i. An activation lives from its
 * forward until the backward of the last step that reads it (backward needs inputs and outputs);
 * a gradient from the backward of its first reader (the loss, for the output) until the backward
 * of its producer. Sizes are per sample, as for inference; offsets scale with the batch.
 */
export interface TrainingArena {
  /** Per step: the buffer index of its activation and of its output's gradient (-1: none needed). */
  activation: number[];
  gradient: number[];
  offsets: number[];
  sizes: number[];
  /** Buffers to zero before the backward pass of each step index runs (first written there); key S for the loss. */
  zeroBefore: Map<number, number[]>;
  arenaElements: number;
  /** The arena per sample, in float32 bytes, and what one buffer per activation and gradient would take. */
  peakBytesPerSample: number;
  naiveBytesPerSample: number;
}

/** `inputSteps[i]`: the steps feeding step i, in edge order; `needsGrad[i]`: step i's output gradient is needed (something at or upstream of it trains). */
export function planTrainingArena(
  plan: ExecutionPlan, inputSteps: readonly (readonly number[])[], needsGrad: readonly boolean[], outputStep: number,
): TrainingArena {
  const steps = plan.steps;
  const S = steps.length;
  const backwardTime = (i: number) => 2 * S - i;
  const lifetimes: BufferLifetime[] = [];
  const activation: number[] = [];
  const gradient: number[] = [];

  for (let i = 0; i < S; i++) {
    const s = steps[i];
    if (isTrainingAlias(s.kind as LayerKind)) {
      activation.push(activation[inputSteps[i][0]]);
      gradient.push(gradient[inputSteps[i][0]]);
      continue;
    }
    const size = s.outputShape.reduce((a, b) => a * b, 1);
    activation.push(lifetimes.length);
    lifetimes.push({ sizeElements: size, firstStep: i, lastStep: backwardTime(i) });
    if (needsGrad[i]) {
      gradient.push(lifetimes.length);
      lifetimes.push({ sizeElements: size, firstStep: backwardTime(i), lastStep: backwardTime(i) });
    } else {
      gradient.push(-1);
    }
  }
  const zeroBefore = new Map<number, number[]>();
  const firstWrite = new Map<number, number>();
  const noteWrite = (buffer: number, time: number) => {
    if (buffer < 0) return;
    firstWrite.set(buffer, Math.min(firstWrite.get(buffer) ?? Infinity, time));
  };
  noteWrite(gradient[outputStep], S);
  for (let i = 0; i < S; i++) {
    for (const p of inputSteps[i]) {
      const a = lifetimes[activation[p]];
      a.lastStep = Math.max(a.lastStep, backwardTime(i));
      const gb = gradient[p];
      if (gb >= 0) {
        lifetimes[gb].firstStep = Math.min(lifetimes[gb].firstStep, backwardTime(i));
        noteWrite(gb, backwardTime(i));
      }
    }
  }
  const outGrad = gradient[outputStep];
  if (outGrad >= 0) lifetimes[outGrad].firstStep = Math.min(lifetimes[outGrad].firstStep, S);
  for (const [buffer, time] of firstWrite) {
    // Times map back to the step whose backward runs then (2S - i), or S for the loss.
    const key = time === S ? S : 2 * S - time;
    const list = zeroBefore.get(key) ?? [];
    list.push(buffer);
    zeroBefore.set(key, list);
  }
  const layout = planArena(lifetimes);
  const naive = lifetimes.reduce((sum, l) => sum + l.sizeElements, 0);
  return {
    activation,
    gradient,
    offsets: layout.offsets,
    sizes: lifetimes.map((l) => l.sizeElements),
    zeroBefore,
    arenaElements: layout.arenaElements,
    peakBytesPerSample: 4 * layout.arenaElements,
    naiveBytesPerSample: 4 * naive,
  };
}
