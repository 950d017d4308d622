import type { GraphDocument } from '../core/graph/types';
import type { OptimizerState } from '../core/train/optimizers';

/**
 * The last epoch's checkpoint of the training run in progress: enough to go on after a reload or
 * a crash (the document with the weights so far, the optimizer's state, the charts so far).
 * One at a time, in the training database (trainingDb.ts) so the library's schema is untouched.
 */
export interface TrainCheckpointRecord {
  key: 'current';
  savedAt: number;
  /** The graph as training began (to check the editor still holds the same one). */
  started: GraphDocument;
  /** `started` with the weights after `epoch` epochs. */
  doc: GraphDocument;
  epoch: number;
  optimizer: OptimizerState;
  /** The Dropout masks' generator position (absent in checkpoints saved before it was kept). */
  dropoutRandom?: number;
  /** The Train panel's settings and seed, and its charts (plain data). */
  config: unknown;
  view: unknown;
}

import { openTrainingDb as open } from './trainingDb';

/** Writes the checkpoint; false when storage refused it (training goes on without). */
export async function saveCheckpoint(record: Omit<TrainCheckpointRecord, 'key'>): Promise<boolean> {
  try {
    await open().checkpoints.put({ ...record, key: 'current' });
    return true;
  } catch {
    return false;
  }
}

export async function loadCheckpoint(): Promise<TrainCheckpointRecord | null> {
  try {
    return (await open().checkpoints.get('current')) ?? null;
  } catch {
    return null;
  }
}

export async function clearCheckpoint(): Promise<void> {
  try {
    await open().checkpoints.delete('current');
  } catch {
    // Nothing to resume from is the same as a stale one that cannot be read.
  }
}
