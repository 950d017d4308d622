import { zipSync, type Zippable } from 'fflate';
import type { ExportFile } from '../core/export/targets';

/**
 * Every entry's modification time: 1980-01-01 00:00 (the first date a zip can hold), so the same
 * bundle zips to the same bytes on every export. Built from local fields because zip stores local time.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** Float tensors: deflate saves a few per cent of them and costs VGG-16 seconds, so they are stored. */
const STORED = /\.(safetensors|npz|bin)$/;

/**
 * An export's files as a .zip, all inside one folder `folder/` (unzipping gives one directory, as
 * the command line writes it), in the order given, text deflated, with a fixed date on every entry.
 */
export function zipBundle(folder: string, files: readonly ExportFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const f of files) entries[`${folder}/${f.path}`] = [f.bytes, { mtime: FIXED_MTIME, level: STORED.test(f.path) ? 0 : 6 }];
  return zipSync(entries);
}
