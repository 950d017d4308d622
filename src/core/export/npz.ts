import { zipSync } from 'fflate';
import { encodeNpy } from '../npy';

/** One array of an .npz archive: its key (the member is `key.npy`), shape and float32 values. */
export interface NpzArray { key: string; shape: readonly number[]; data: Float32Array }

/**
 * A NumPy `.npz` (what `np.savez` writes: a zip of `.npy` members, stored uncompressed). The
 * member times are fixed, in local-time fields, so the same arrays give the same bytes anywhere.
 */
export function encodeNpz(arrays: readonly NpzArray[]): Uint8Array {
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const members: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = {};
  for (const a of arrays) members[`${a.key}.npy`] = [encodeNpy(a.shape, a.data), { level: 0, mtime }];
  return zipSync(members, { level: 0, mtime });
}
