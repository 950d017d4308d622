import Dexie, { type Table } from 'dexie';
import type { TrainCheckpointRecord } from './trainCheckpoints';

/** A user's dataset as the Train panel lists it (its arrays are in `datasetArrays`, read only to train). */
export interface DatasetSummary {
  id: string;
  name: string;
  created: number;
  source: 'folder' | 'npz';
  /** The per-sample shape the samples were fitted to (the Input when it was added). */
  shape: number[];
  classNames: string[];
  /** Training samples per class, and how many the validation part holds. */
  perClass: number[];
  validationCount: number;
  /** Files that could not be read (a folder's undecodable images). */
  skipped: number;
  bytes: number;
}

/** A dataset's samples and class indices: training and validation parts. */
export interface DatasetArrays {
  id: string;
  x: Float32Array;
  classes: Int32Array;
  validationX: Float32Array;
  validationClasses: Int32Array;
}

/**
 * The Train panel's own database, apart from the library: the checkpoint of the run in progress
 * and the datasets people added. Version 2 adds the datasets.
 */
class TrainingDb extends Dexie {
  checkpoints!: Table<TrainCheckpointRecord, string>;
  datasets!: Table<DatasetSummary, string>;
  datasetArrays!: Table<DatasetArrays, string>;
  constructor() {
    super('cnn-graph-studio-training');
    this.version(1).stores({ checkpoints: 'key' });
    this.version(2).stores({ checkpoints: 'key', datasets: 'id, created', datasetArrays: 'id' });
  }
}

let db: TrainingDb | null = null;
export const openTrainingDb = (): TrainingDb => (db ??= new TrainingDb());
