import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { formatMiB as mib } from '../../core/format';

export type CappedRead = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

function describeOsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'is a directory';
    case 'EACCES': return 'permission denied';
    default: return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Reads a whole regular file of at most `maxBytes`. Devices (`/dev/zero`, `/dev/urandom`), FIFOs,
 * sockets and directories are refused before they are opened (opening a FIFO would block), and
 * the read stops one byte past the cap, so a file that grows after the size check is refused too.
 * `what` names the file's role in messages ("graph file", ".npy input").
 */
export function readCappedFile(path: string, maxBytes: number, what: string): CappedRead {
  let fd: number;
  try {
    const before = statSync(path);
    if (before.isDirectory()) return { ok: false, message: `${path}: cannot read: is a directory` };
    if (!before.isFile()) return { ok: false, message: `${path}: cannot read: not a regular file (a device, pipe or socket); give a ${what} saved on disk` };
    if (before.size > maxBytes) return { ok: false, message: `${path}: the ${what} is ${mib(before.size)}, the limit is ${mib(maxBytes)}` };
    fd = openSync(path, 'r');
  } catch (e) {
    return { ok: false, message: `${path}: cannot read: ${describeOsError(e)}` };
  }
  try {
    if (!fstatSync(fd).isFile()) return { ok: false, message: `${path}: cannot read: not a regular file` };
    const buffer = new Uint8Array(Math.min(maxBytes + 1, Math.max(1, fstatSync(fd).size + 1)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        // The file grew since the size check: refuse rather than read without end.
        return { ok: false, message: buffer.length > maxBytes ? `${path}: the ${what} is larger than the limit of ${mib(maxBytes)}` : `${path}: the file changed while it was read; try again` };
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (e) {
    return { ok: false, message: `${path}: cannot read: ${describeOsError(e)}` };
  } finally {
    closeSync(fd);
  }
}
