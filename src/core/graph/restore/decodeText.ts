import { formatMiB } from '../../format';
import { describeSource, refuse, type RestoreSource } from './errors';
import type { RestoreLimits } from './limits';

/**
 * Bytes or text -> a parsed JSON value, refusing oversize input before decoding it and
 * telling truncated or non-JSON text apart from a document with the wrong shape.
 */
export function decodeJson(input: string | Uint8Array, source: RestoreSource, limits: RestoreLimits): unknown {
  const what = describeSource(source);
  const maxBytes = source === 'file' ? limits.maxFileBytes : limits.maxBytes;
  let text: string;
  if (typeof input === 'string') {
    // A UTF-16 code unit is at least one UTF-8 byte, so this never lets a larger file through.
    if (input.length > maxBytes) {
      refuse('too-large', `This ${what} is too large: at least ${formatMiB(input.length)}, the limit is ${formatMiB(maxBytes)}.`);
    }
    text = input;
  } else {
    if (input.byteLength > maxBytes) {
      refuse('too-large', `This ${what} is too large: ${formatMiB(input.byteLength)}, the limit is ${formatMiB(maxBytes)}.`);
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      refuse('not-utf8', `This ${what} is not UTF-8 text (it may be truncated or not a graph file).`);
    }
  }
  if (text.trim() === '') refuse('not-json', `This ${what} is empty.`);
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    refuse('not-json', `This ${what} is not valid JSON (it may be truncated): ${detail}`);
  }
}
