import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { GraphDocument, Shape } from '../../core/graph/types';
import type { LoadResponse, RunProgress, RunResponse, RuntimeApi } from '../../worker/runtimeApi';

/** Thrown into pending calls when the user cancels: the worker was terminated mid-run. */
export class RunCancelled extends Error {
  constructor() {
    super('the run was cancelled');
  }
}

/** The main thread's handle on the runtime worker. */
export interface RuntimeClient {
  load(doc: GraphDocument, seed: number): Promise<LoadResponse>;
  run(inputs: Record<string, Float32Array>, onProgress?: (p: RunProgress) => void): Promise<RunResponse>;
  featureMap(nodeId: string): Promise<{ shape: Shape; data: Float32Array } | null>;
  /** Stops a run at once: terminates the worker (a busy worker reads no messages) and starts a fresh one. */
  cancel(): void;
  dispose(): void;
}

/**
 * Starts the runtime worker and wraps it with comlink. Cancelling terminates the worker, rejects
 * every pending call with RunCancelled and starts a new worker, which has no graph loaded: the
 * next `load` compiles again.
 */
export function createRuntimeClient(makeWorker: () => Worker = defaultWorker): RuntimeClient {
  const pending = new Set<(e: Error) => void>();
  // A worker that fails to start or crashes (say, out of memory) answers nothing: fail the calls.
  const onError = (e: Event) => {
    const detail = e instanceof ErrorEvent && e.message ? e.message : 'it stopped (out of memory?)';
    for (const reject of pending) reject(new Error(`the runtime worker failed: ${detail}`));
    pending.clear();
  };
  const start = () => {
    const w = makeWorker();
    w.addEventListener('error', onError);
    return w;
  };
  let worker = start();
  let api: Remote<RuntimeApi> = wrap<RuntimeApi>(worker);

  function track<T>(call: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      pending.add(reject);
      call().then(resolve, reject).finally(() => pending.delete(reject));
    });
  }

  function restart(): void {
    // No releaseProxy: a terminated worker would never answer it.
    worker.terminate();
    for (const reject of pending) reject(new RunCancelled());
    pending.clear();
    worker = start();
    api = wrap<RuntimeApi>(worker);
  }

  return {
    load: (doc, seed) => track(() => api.load(doc, seed) as Promise<LoadResponse>),
    run: (inputs, onProgress) => {
      const buffers = Object.values(inputs).map((a) => a.buffer as ArrayBuffer);
      const progress = onProgress ? proxy(onProgress) : undefined;
      return track(() => api.run(transfer(inputs, buffers), progress) as Promise<RunResponse>);
    },
    featureMap: (nodeId) => track(() => api.featureMap(nodeId)),
    cancel: restart,
    dispose() {
      worker.terminate();
    },
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL('../../worker/runtimeWorker.ts', import.meta.url), { type: 'module' });
}
