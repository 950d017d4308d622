import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { GraphDocument } from '../../core/graph/types';
import type { TrainApi, TrainConfig, TrainEvent, TrainOutcome, UserDataset } from '../../worker/trainApi';

/** The main thread's handle on the training worker (started on first use, kept for the tab). */
export interface TrainClient {
  /** `userData` (a user's dataset, read for this run) is moved to the worker, not copied. */
  start(doc: GraphDocument, config: TrainConfig, onEvent: (e: TrainEvent) => void, userData?: UserDataset): Promise<TrainOutcome>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export function createTrainClient(): TrainClient {
  let api: Remote<TrainApi> | null = null;
  let failed: ((e: Error) => void) | null = null;
  const get = () => {
    if (!api) {
      const worker = new Worker(new URL('../../worker/trainWorker.ts', import.meta.url), { type: 'module' });
      // A crashed worker (say, out of memory) answers nothing: fail the run, start afresh next time.
      worker.addEventListener('error', (e) => {
        failed?.(new Error(`the training worker failed: ${e.message || 'it stopped (out of memory?)'}`));
        worker.terminate();
        api = null;
      });
      api = wrap<TrainApi>(worker);
    }
    return api;
  };
  return {
    start(doc, config, onEvent, userData) {
      const remote = get();
      const data = userData ? transfer(userData, [userData.x.buffer, userData.classes.buffer, userData.validationX.buffer, userData.validationClasses.buffer] as ArrayBuffer[]) : undefined;
      return new Promise<TrainOutcome>((resolve, reject) => {
        failed = reject;
        (remote.start(doc, config, proxy(onEvent), data) as Promise<TrainOutcome>).then(resolve, reject).finally(() => (failed = null));
      });
    },
    pause: () => get().pause(),
    resume: () => get().resume(),
    stop: () => get().stop(),
  };
}
