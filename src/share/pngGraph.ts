import extractChunks from 'png-chunks-extract';
import encodeChunks from 'png-chunks-encode';
import { restoreGraph, RESTORE_LIMITS, type RestoreResult } from '../core/graph/restore';
import type { GraphDocument } from '../core/graph/types';
import { deflateZlib, inflateZlibCapped } from './zlibCapped';

/** The iTXt keyword under which the graph document travels inside a PNG. */
export const PNG_GRAPH_KEYWORD = 'cnn-graph';
/** PNGs larger than this are not read at all. */
export const PNG_MAX_BYTES = 32 * 1024 * 1024;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/**
 * An iTXt chunk (PNG spec 11.3.4.5): keyword, NUL, compression flag 1, method 0 (zlib), empty
 * language tag and translated keyword (each NUL-terminated), then the zlib-compressed UTF-8 text.
 */
function buildITxt(keyword: string, text: string): Uint8Array {
  const head = latin1(keyword);
  const body = deflateZlib(new TextEncoder().encode(text));
  const out = new Uint8Array(head.length + 5 + body.length);
  out.set(head, 0);
  // [NUL, flag=1, method=0, NUL (language), NUL (translated keyword)]
  out.set([0, 1, 0, 0, 0], head.length);
  out.set(body, head.length + 5);
  return out;
}

/**
 * Walks the chunk headers before handing the file to png-chunks-extract, which trusts the
 * declared lengths and would allocate up to 4 GiB for a forged one.
 */
function checkChunkLayout(bytes: Uint8Array): string | null {
  let at = 8;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    if (at + 12 + length > bytes.length) return `chunk ${JSON.stringify(type)} declares ${length} bytes but the file ends first`;
    if (type === 'IEND') return null;
    at += 12 + length;
  }
  return 'the file ends before its last chunk (IEND)';
}

/** Returns the PNG with the document in an iTXt chunk placed before IEND, replacing any earlier one. */
export function embedGraphInPng(png: Uint8Array, doc: GraphDocument): Uint8Array {
  const chunks = extractChunks(png).filter((c) => !(c.name === 'iTXt' || c.name === 'tEXt') || !startsWithKeyword(c.data));
  const end = chunks.findIndex((c) => c.name === 'IEND');
  chunks.splice(end, 0, { name: 'iTXt', data: buildITxt(PNG_GRAPH_KEYWORD, JSON.stringify(doc)) });
  return encodeChunks(chunks);
}

function startsWithKeyword(data: Uint8Array): boolean {
  const key = latin1(PNG_GRAPH_KEYWORD);
  return data.length > key.length && data[key.length] === 0 && key.every((b, i) => data[i] === b);
}

const failed = (message: string): RestoreResult => ({ ok: false, error: { code: 'damaged', message } });

/**
 * Finds the graph in a PNG this app exported (iTXt, compressed or not; or a tEXt chunk) and
 * restores it. A PNG without one says so; a broken file or chunk is refused, never half-read.
 */
export function extractGraphFromPng(png: Uint8Array): RestoreResult {
  if (!isPng(png)) return failed('This file is not a PNG image.');
  if (png.length > PNG_MAX_BYTES) return { ok: false, error: { code: 'too-large', message: `This PNG is ${(png.length / 1048576).toFixed(1)} MiB; the limit is ${PNG_MAX_BYTES / 1048576} MiB.` } };
  const layout = checkChunkLayout(png);
  if (layout) return failed(`This PNG is damaged: ${layout}.`);
  let chunks: { name: string; data: Uint8Array }[];
  try {
    chunks = extractChunks(png);
  } catch (err) {
    return failed(`This PNG is damaged: ${err instanceof Error ? err.message : String(err)}.`);
  }
  const chunk = chunks.find((c) => (c.name === 'iTXt' || c.name === 'tEXt') && startsWithKeyword(c.data));
  if (!chunk) return { ok: false, error: { code: 'not-a-graph', message: 'This PNG has no graph inside. Only PNGs exported by this app can be opened.' } };
  const rest = chunk.data.subarray(PNG_GRAPH_KEYWORD.length + 1);
  if (chunk.name === 'tEXt') return restoreGraph(rest, 'png');
  // iTXt: flag, method, language\0, translated keyword\0, text
  const flag = rest[0];
  let at = 2;
  for (let nul = 0; nul < 2; nul++) {
    while (at < rest.length && rest[at] !== 0) at++;
    at++;
  }
  if (at > rest.length) return failed('The graph inside this PNG is damaged: its text chunk is cut short.');
  const text = rest.subarray(at);
  if (flag === 0) return restoreGraph(text, 'png');
  if (rest[1] !== 0) return failed('The graph inside this PNG uses an unknown compression method.');
  const inflated = inflateZlibCapped(text, RESTORE_LIMITS.maxBytes);
  if (!inflated.ok) return failed(`The graph inside this PNG is damaged: ${inflated.reason}.`);
  return restoreGraph(inflated.bytes, 'png');
}
