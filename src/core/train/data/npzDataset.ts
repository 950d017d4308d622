import { unzipSync } from 'fflate';
import type { LossKind } from '../losses';
import { datasetFromArrays, type NumericArray } from './arrayDataset';
import type { Dataset } from './dataset';
import { parseNpyNumbers } from './npyNumbers';

/** The most an `.npz` may hold unpacked: checked from its directory, before anything is inflated. */
export const MAX_NPZ_BYTES = 1024 * 2 ** 20;

export type NpzDatasetResult =
  | { ok: true; train: Dataset; validation: Dataset | null; notes: string[]; warnings: string[] }
  | { ok: false; message: string };

/**
 * The pairs of array names an `.npz` may hold its samples and labels under: `np.savez(f, x=..., y=...)`
 * as the docs ask, and Keras' own `mnist.npz` form with a test set, used for validation.
 */
const TRAIN_NAMES = [['x', 'y'], ['x_train', 'y_train']] as const;
const VALIDATION_NAMES = [['x_test', 'y_test'], ['x_val', 'y_val'], ['x_valid', 'y_valid']] as const;

/**
 * A training set (and a validation set when the file has one) from an `.npz`, checked against the
 * graph's Input and output like the CLI's `--input X.npy --labels Y.npy` pair. Never throws.
 */
export function npzDataset(bytes: Uint8Array, inputShape: readonly number[], outShape: readonly number[], loss: LossKind, fileName = 'the .npz'): NpzDatasetResult {
  const arrays = readNpz(bytes, fileName);
  if (!arrays.ok) return arrays;
  const find = (pairs: ReadonlyArray<readonly [string, string]>) => pairs.find(([x, y]) => arrays.byName.has(x) && arrays.byName.has(y));
  const trainNames = find(TRAIN_NAMES);
  if (!trainNames) {
    const held = [...arrays.byName.keys()].map((n) => `'${n}'`).join(', ') || 'no arrays';
    return { ok: false, message: `${fileName} holds ${held}; it needs samples 'x' and labels 'y' (np.savez(file, x=images, y=labels)), or 'x_train' and 'y_train'` };
  }
  const build = ([x, y]: readonly [string, string]) => datasetFromArrays(arrays.byName.get(x)!, arrays.byName.get(y)!, inputShape, outShape, loss, { x: `${fileName} '${x}'`, y: `${fileName} '${y}'` });
  const train = build(trainNames);
  if (!train.ok) return train;
  const validationNames = find(VALIDATION_NAMES);
  const validation = validationNames ? build(validationNames) : null;
  if (validation && !validation.ok) return validation;
  return {
    ok: true, train: train.data, validation: validation ? validation.data : null,
    notes: [...train.notes, ...(validation ? validation.notes : [])], warnings: [...train.warnings, ...(validation ? validation.warnings : [])],
  };
}

/** Every numeric array of an `.npz` by name (the `.npy` suffix dropped). */
export function readNpz(bytes: Uint8Array, fileName = 'the .npz'): { ok: true; byName: Map<string, NumericArray> } | { ok: false; message: string } {
  let files: Record<string, Uint8Array>;
  let unpacked = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        unpacked += f.originalSize;
        if (unpacked > MAX_NPZ_BYTES) throw new TooLarge();
        return f.name.endsWith('.npy');
      },
    });
  } catch (e) {
    if (e instanceof TooLarge) return { ok: false, message: `${fileName} unpacks to more than ${MAX_NPZ_BYTES / 2 ** 20} MiB, the most a dataset may hold` };
    return { ok: false, message: `${fileName} is not an .npz (a zip of .npy arrays): ${e instanceof Error ? e.message : String(e)}` };
  }
  const byName = new Map<string, NumericArray>();
  for (const [name, data] of Object.entries(files)) {
    const parsed = parseNpyNumbers(data);
    if (!parsed.ok) return { ok: false, message: `${fileName} '${name}': ${parsed.message}` };
    byName.set(name.replace(/\.npy$/, ''), parsed);
  }
  return { ok: true, byName };
}

class TooLarge extends Error {}
