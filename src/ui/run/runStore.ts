import { useMemo } from 'react';
import { create } from 'zustand';
import type { PlanTensor } from '../../core/compile/types';
import type { GraphDocument } from '../../core/graph/types';
import type { MnistDigits } from '../../core/imaging/mnistDigits';
import type { Picture } from '../../core/imaging/picture';
import { shapeInput } from '../../core/imaging/shapeInput';
import type { NodeResult, OutputTensor, RunError, RunProgress } from '../../worker/runtimeApi';
import { createRuntimeClient, RunCancelled, type RuntimeClient } from './runtimeClient';
import { computeRunKey } from './structuralKey';

/** Where the current input picture came from (shown in the panel, used for class labels). */
export type InputSource =
  | { kind: 'mnist'; index: number; label: number }
  | { kind: 'drawing' }
  | { kind: 'upload'; name: string }
  | { kind: 'test'; name: string };

/**
 * `trainingPreview`: `doc` holds the weights of a training run in progress, shown on the canvas as
 * they change (with the document's weights whatever the weight source; not marked stale meanwhile).
 */
export interface RunOptions { trainingPreview?: boolean }

export type RunStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

/** Runs below this many milliseconds re-run by themselves after an edit. */
export const AUTO_RUN_LIMIT_MS = 100;

export interface RunState {
  seed: number;
  /** 'document': weights stored in the document (the seed fills the rest); 'seed': all random from the seed. */
  weightsFrom: 'document' | 'seed';
  source: InputSource | null;
  picture: Picture | null;
  mnist: MnistDigits | null;
  status: RunStatus;
  progress: RunProgress | null;
  /** Per node id, from the last finished run (a Map: a node id may be any string, even `constructor`). */
  results: ReadonlyMap<string, NodeResult>;
  outputs: readonly OutputTensor[];
  /** Node ids in execution order of the last run. */
  order: readonly string[];
  totalMs: number | null;
  error: RunError | null;
  /** The kernel the worker prepared for each step of the loaded plan (e.g. "conv2d.im2col-gemm"). */
  kernelNames: readonly string[];
  /** Multiply-accumulates per sample of the graph of the last finished run. */
  lastRunMacs: number | null;
  /** The run key of the document the results belong to; results are stale when it differs. */
  resultKey: string | null;
  /**
   * What the results were computed from: the document as passed to `run`, the seed and weightsFrom;
   * `training` when they show the weights of a training run in progress (see RunOptions).
   */
  resultRun: { doc: GraphDocument; seed: number; weightsFrom: RunState['weightsFrom']; training?: boolean } | null;
  autoRun: boolean;
  /** A training run is in progress: results from its weights (resultRun.training) are current, not stale. */
  trainingActive: boolean;
  setTrainingActive(on: boolean): void;
  /** The node whose feature maps are open in the large view. */
  detailNodeId: string | null;

  setPicture(picture: Picture, source: InputSource): void;
  setMnist(digits: MnistDigits): void;
  setSeed(seed: number): void;
  rerollSeed(): void;
  setWeightsFrom(from: RunState['weightsFrom']): void;
  setAutoRun(on: boolean): void;
  openDetail(nodeId: string | null): void;
  /** Compiles (if the graph changed) and runs `doc` on the current picture in the worker. */
  run(doc: GraphDocument, options?: RunOptions): Promise<void>;
  /** Forgets the last run (results, top classes, feature maps): another graph was opened (New, a preset, a file). */
  clearResults(): void;
  cancel(): void;
  /** The full feature map of a node from the last run, fetched from the worker. */
  fetchFeatureMap(nodeId: string): Promise<{ shape: readonly number[]; data: Float32Array } | null>;
}

/** Builds a run store around a runtime client; the app uses `useRunStore`, tests pass their own client. */
export function createRunStore(makeClient: () => RuntimeClient = createRuntimeClient) {
  let client: RuntimeClient | null = null;
  let loadedKey: string | null = null;
  let planInputs: PlanTensor[] = [];
  let planMacs = 0;
  let runSeq = 0;
  let queued: { doc: GraphDocument; options: RunOptions } | null = null;
  const getClient = () => (client ??= makeClient());

  return create<RunState>()((set, get) => ({
    seed: 1,
    weightsFrom: 'document',
    source: null,
    picture: null,
    mnist: null,
    status: 'idle',
    progress: null,
    results: new Map(),
    outputs: [],
    order: [],
    totalMs: null,
    error: null,
    resultKey: null,
    resultRun: null,
    lastRunMacs: null,
    kernelNames: [],
    autoRun: true,
    detailNodeId: null,

    setPicture: (picture, source) => set({ picture, source }),
    setMnist: (mnist) => set({ mnist }),
    setSeed: (seed) => set({ seed }),
    rerollSeed: () => set({ seed: 1 + Math.floor(Math.random() * 2 ** 31) }),
    setWeightsFrom: (weightsFrom) => set({ weightsFrom }),
    setAutoRun: (autoRun) => set({ autoRun }),
    trainingActive: false,
    setTrainingActive: (trainingActive) => set({ trainingActive }),
    openDetail: (detailNodeId) => set({ detailNodeId }),

    async run(doc, options = {}) {
      const { picture, seed, status } = get();
      const weightsFrom = options.trainingPreview ? 'document' : get().weightsFrom;
      if (status === 'running') {
        // The worker runs one thing at a time; the newest request runs when this one ends.
        queued = { doc, options };
        return;
      }
      if (!picture) {
        set({ status: 'error', error: { code: 'missing-input', message: 'Pick an input first: an MNIST digit, a drawing, an upload or a test picture' } });
        return;
      }
      const runDoc = weightsFrom === 'seed' ? { ...doc, weights: undefined } : doc;
      const key = computeRunKey(runDoc, seed);
      const seq = ++runSeq;
      set({ status: 'running', progress: null, error: null });
      try {
        const c = getClient();
        if (key !== loadedKey) {
          loadedKey = null;
          const loaded = await c.load(runDoc, seed);
          if (!loaded.ok) {
            set({ status: 'error', error: loaded.error });
            return;
          }
          loadedKey = key;
          planInputs = loaded.inputs;
          planMacs = loaded.totalMacs;
          set({ kernelNames: loaded.kernelNames });
        }
        // No prototype: an Input id like `__proto__` must become an own entry, not the object's prototype.
        const inputs: Record<string, Float32Array> = Object.create(null);
        for (const input of planInputs) {
          const shaped = shapeInput(picture, input.shape, input.name);
          if (!shaped.ok) {
            set({ status: 'error', error: { code: 'input-size', message: shaped.error.message, nodeId: input.nodeId } });
            return;
          }
          inputs[input.nodeId] = shaped.data;
        }
        const res = await c.run(inputs, (progress) => {
          if (seq === runSeq) set({ progress });
        });
        if (seq !== runSeq) return;
        if (!res.ok) {
          set({ status: 'error', error: res.error });
          return;
        }
        const results = new Map(res.results.map((r) => [r.nodeId, r] as const));
        set({
          status: 'done', results, outputs: res.outputs, order: res.results.map((r) => r.nodeId),
          totalMs: res.totalMs, resultKey: key, resultRun: { doc, seed, weightsFrom, ...(options.trainingPreview ? { training: true } : {}) }, lastRunMacs: planMacs, progress: null,
        });
      } catch (e) {
        if (e instanceof RunCancelled) {
          loadedKey = null;
          set({ status: 'cancelled', progress: null });
        } else {
          set({ status: 'error', error: { code: 'run-failed', message: `the runtime worker failed: ${e instanceof Error ? e.message : String(e)}` } });
        }
      } finally {
        const next = queued;
        queued = null;
        if (next && get().status !== 'cancelled') void get().run(next.doc, next.options);
      }
    },

    cancel() {
      queued = null;
      runSeq++;
      loadedKey = null;
      client?.cancel();
      if (get().status === 'running') set({ status: 'cancelled', progress: null });
    },

    clearResults() {
      get().cancel();
      set({ status: 'idle', progress: null, results: new Map(), outputs: [], order: [], totalMs: null, error: null, resultKey: null, resultRun: null, detailNodeId: null });
    },

    async fetchFeatureMap(nodeId) {
      if (!client) return null;
      try {
        return await client.featureMap(nodeId);
      } catch {
        return null;
      }
    },
  }));
}

/** The app's run store: input, seed, status and the per-node results the canvas shows. */
export const useRunStore = createRunStore();

export type RunStore = ReturnType<typeof createRunStore>;

/**
 * Whether a graph of `macs` multiply-accumulates is expected to run under AUTO_RUN_LIMIT_MS,
 * scaling the last run's time by the MAC ratio (so a fast LeNet run does not auto-start VGG-16).
 */
/** Whether the results show a training run's weights while it runs (then they are not stale). */
export function showsTraining(state: Pick<RunState, 'resultRun' | 'trainingActive'>): boolean {
  return state.trainingActive && state.resultRun?.training === true;
}

export function isFastEnough(state: Pick<RunState, 'totalMs' | 'lastRunMacs'>, macs: number | undefined): boolean {
  if (state.totalMs === null || state.lastRunMacs === null || macs === undefined) return false;
  const estimate = state.totalMs * (Math.max(macs, 1) / Math.max(state.lastRunMacs, 1));
  return estimate < AUTO_RUN_LIMIT_MS;
}

/** The last run's result for one node (undefined before a run or for nodes that did not run). */
export function useNodeResult(nodeId: string): NodeResult | undefined {
  return useRunStore((s) => s.results.get(nodeId));
}

/** Milliseconds per node of the last run, for the summary table's time column. */
export function useLayerTimes(): ReadonlyMap<string, number> {
  const results = useRunStore((s) => s.results);
  return useMemo(() => collectLayerTimes(results), [results]);
}

/** Milliseconds per node id of a run's results. */
export function collectLayerTimes(results: ReadonlyMap<string, NodeResult>): ReadonlyMap<string, number> {
  return new Map([...results].map(([id, r]) => [id, r.ms]));
}
