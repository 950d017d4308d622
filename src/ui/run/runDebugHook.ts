import { useEditorStore } from '../editor/store';
import { useRunStore } from './runStore';

/** A plain-data copy of the last run, for the browser test to recompute outside the browser. */
export interface RunSnapshot {
  status: string;
  doc: unknown;
  /** How many graphs the editor has loaded (a preset, a file, New): a test waits for its pick to land. */
  editorLoads: number;
  seed: number;
  weightsFrom: 'document' | 'seed';
  picture: { width: number; height: number; channels: number; data: number[] } | null;
  /** The kernel the worker prepared for each plan step (shows whether the SIMD GEMM ran). */
  kernelNames: string[];
  outputs: { nodeId: string; name: string; shape: number[]; data: number[] }[];
  /** The results show a training run's weights (an epoch's preview), and whose: its C1-style first layer's kernel. */
  fromTraining: boolean;
  resultWeights: unknown;
}

/** The hidden run hook on `window.__cnnRun` (read by the browser test; harmless otherwise). */
export interface CnnRunHook {
  snapshot(): RunSnapshot;
}

declare global {
  interface Window { __cnnRun?: CnnRunHook }
}

/** Installs `window.__cnnRun`. */
export function installRunHook(): void {
  window.__cnnRun = {
    snapshot() {
      const s = useRunStore.getState();
      return {
        status: s.status,
        doc: structuredClone(useEditorStore.getState().doc),
        editorLoads: useEditorStore.getState().loadCount,
        seed: s.seed,
        weightsFrom: s.weightsFrom,
        picture: s.picture && { width: s.picture.width, height: s.picture.height, channels: s.picture.channels, data: Array.from(s.picture.data) },
        kernelNames: [...s.kernelNames],
        // Float32 to number is exact, so the test sees the worker's values bit for bit.
        outputs: s.outputs.map((o) => ({ nodeId: o.nodeId, name: o.name, shape: [...o.shape], data: Array.from(o.data) })),
        fromTraining: s.resultRun?.training === true,
        resultWeights: structuredClone(s.resultRun?.doc.weights ?? null),
      };
    },
  };
}
