import type { DatasetArrays, DatasetSummary } from './trainingDb';
import { openTrainingDb } from './trainingDb';
import { createGraphId } from './graphIds';
import { classifyWriteError } from './writeErrors';

export type { DatasetArrays, DatasetSummary };

/**
 * Stores a dataset (summary and arrays in one transaction). Checks the browser's storage estimate
 * first, so a dataset larger than what is left is refused with the numbers before anything is written.
 */
export async function addDataset(summary: Omit<DatasetSummary, 'id' | 'created' | 'bytes'>, arrays: Omit<DatasetArrays, 'id'>):
  Promise<{ ok: true; value: DatasetSummary } | { ok: false; message: string }> {
  const bytes = arrays.x.byteLength + arrays.classes.byteLength + arrays.validationX.byteLength + arrays.validationClasses.byteLength;
  const estimate = await storageEstimate();
  if (estimate && estimate.quota - estimate.usage < bytes) {
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    return { ok: false, message: `the dataset takes ${mb(bytes)}; this browser lets the app store ${mb(Math.max(0, estimate.quota - estimate.usage))} more. Use fewer or smaller images` };
  }
  const db = openTrainingDb();
  const stored: DatasetSummary = { ...summary, id: createGraphId(), created: Date.now(), bytes };
  try {
    await db.transaction('rw', db.datasets, db.datasetArrays, async () => {
      await db.datasets.add(stored);
      await db.datasetArrays.add({ id: stored.id, ...arrays });
    });
  } catch (e) {
    return { ok: false, message: classifyWriteError(e).message };
  }
  return { ok: true, value: stored };
}

export async function listDatasets(): Promise<DatasetSummary[]> {
  try {
    return await openTrainingDb().datasets.orderBy('created').toArray();
  } catch {
    return [];
  }
}

export async function loadDatasetArrays(id: string): Promise<DatasetArrays | null> {
  try {
    return (await openTrainingDb().datasetArrays.get(id)) ?? null;
  } catch {
    return null;
  }
}

export async function deleteDataset(id: string): Promise<void> {
  const db = openTrainingDb();
  await db.transaction('rw', db.datasets, db.datasetArrays, async () => {
    await db.datasets.delete(id);
    await db.datasetArrays.delete(id);
  });
}

async function storageEstimate(): Promise<{ quota: number; usage: number } | null> {
  try {
    const e = typeof navigator !== 'undefined' && navigator.storage?.estimate ? await navigator.storage.estimate() : null;
    return e && typeof e.quota === 'number' && typeof e.usage === 'number' ? { quota: e.quota, usage: e.usage } : null;
  } catch {
    return null;
  }
}
