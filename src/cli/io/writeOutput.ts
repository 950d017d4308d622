import { existsSync, lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExportOutput } from '../../core/export/targets';

export type WriteResult = { ok: true } | { ok: false; message: string };

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'read-only file system';
    case 'ENOSPC': return 'no space left on the device';
    case 'ENOTDIR': return 'a part of the path is not a directory';
    default: return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Writes an export to `out` all or nothing: into a temporary sibling first, renamed into place
 * when complete, so a failure (a full disk, a bad path) leaves no half-written bundle. An `out`
 * that exists is refused unless `force`; then it is replaced only after the new one is complete.
 */
export function writeExportOutput(out: string, output: ExportOutput, force: boolean): WriteResult {
  const target = path.resolve(out);
  const exists = existsSync(target) || isDanglingLink(target);
  if (exists && !force) return { ok: false, message: `${out} already exists (--force replaces it)` };
  if (exists && output.kind === 'directory' && !lstatSync(target).isDirectory()) return { ok: false, message: `${out} exists and is not a directory` };
  if (exists && output.kind === 'file' && lstatSync(target).isDirectory()) return { ok: false, message: `${out} is a directory; the export is one file` };
  const parent = path.dirname(target);
  let temp: string;
  try {
    temp = mkdtempSync(path.join(parent, `.${path.basename(target)}.partial-`));
  } catch (e) {
    return { ok: false, message: `cannot write in ${path.dirname(out)}: ${describe(e)}` };
  }
  const old = `${temp}.old`;
  try {
    const written = output.kind === 'directory' ? temp : path.join(temp, 'file');
    if (output.kind === 'directory') {
      for (const f of output.files) {
        const file = path.join(temp, ...f.path.split('/'));
        if (!file.startsWith(temp + path.sep)) throw new Error(`export file ${f.path} leaves the output directory`);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, f.bytes);
      }
    } else {
      writeFileSync(written, output.bytes);
    }
    if (exists) renameSync(target, old);
    renameSync(written, target);
    rmSync(old, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
    return { ok: true };
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(target)) renameSync(old, target);
    return { ok: false, message: `cannot write ${out}: ${describe(e)}` };
  }
}

function isDanglingLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
