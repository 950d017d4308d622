import { readFileSync } from 'node:fs';
import { parseGraphJson } from '../../core/graph/parseGraph';
import type { GraphDocument } from '../../core/graph/types';

/** Reads and parses a graph document file; on failure one clear line for stderr. */
export function readGraphFile(file: string): { ok: true; doc: GraphDocument } | { ok: false; message: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    return { ok: false, message: `${file}: cannot read: ${why}` };
  }
  const parsed = parseGraphJson(text);
  if (!parsed.ok) return { ok: false, message: `${file}: ${parsed.error.message} [${parsed.error.code}]` };
  return { ok: true, doc: parsed.doc };
}
