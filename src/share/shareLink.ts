import { restoreGraph, type RestoreResult } from '../core/graph/restore';
import type { GraphDocument } from '../core/graph/types';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { deflateZlib, inflateZlibCapped } from './zlibCapped';

/** Links longer than this still work but some chat apps and mail clients cut them. */
export const SHARE_LINK_WARN_LENGTH = 2_000;
/** Links longer than this are refused; share the file instead. */
export const SHARE_LINK_MAX_LENGTH = 8_000;
/** A link never inflates to more than this, however it was crafted. */
export const SHARE_LINK_MAX_INFLATED = 1024 * 1024;

const PREFIX = '#g=';

export type ShareLinkResult =
  | { ok: true; url: string; length: number; warning: string | null }
  | { ok: false; error: { code: 'too-long'; length: number; message: string } };

/** The document a link carries: everything but the weights, which would never fit. */
export function stripWeights(doc: GraphDocument): GraphDocument {
  const { weights: _weights, ...rest } = doc;
  return rest;
}

/**
 * Builds `base#g=<base64url(zlib(JSON))>` for a document without its weights. The length is part
 * of the answer: over 2,000 characters comes with a warning, over 8,000 is refused.
 */
export function createShareLink(doc: GraphDocument, base: string): ShareLinkResult {
  const json = JSON.stringify(stripWeights(doc));
  const payload = encodeBase64Url(deflateZlib(new TextEncoder().encode(json)));
  const url = base.replace(/#.*$/, '') + PREFIX + payload;
  const length = url.length;
  if (length > SHARE_LINK_MAX_LENGTH) {
    return { ok: false, error: { code: 'too-long', length, message: `This graph makes a link of ${length.toLocaleString('en-US')} characters, more than the ${SHARE_LINK_MAX_LENGTH.toLocaleString('en-US')} a link can safely carry. Share the file instead.` } };
  }
  const warning = length > SHARE_LINK_WARN_LENGTH
    ? `This link is ${length.toLocaleString('en-US')} characters long; some apps cut links over ${SHARE_LINK_WARN_LENGTH.toLocaleString('en-US')}. A file is safer.`
    : null;
  return { ok: true, url, length, warning };
}

/** True when a location hash carries a shared graph. */
export function isShareHash(hash: string): boolean {
  return hash.startsWith(PREFIX);
}

const damaged = (detail: string): RestoreResult => ({ ok: false, error: { code: 'damaged', message: `This link is damaged (${detail}). Nothing was changed.` } });

/**
 * Reads the graph in `#g=...`. Every way a link can be cut short or edited (bad characters, a
 * broken stream, a wrong checksum, more than 1 MiB once inflated, JSON that is not a graph) gives
 * "This link is damaged"; a link from a newer app says so. Never touches the library.
 */
export function readShareHash(hash: string): RestoreResult {
  if (!isShareHash(hash)) return damaged('it has no graph in it');
  const payload = hash.slice(PREFIX.length);
  if (payload.length > SHARE_LINK_MAX_LENGTH) return damaged('it is longer than any link this app makes');
  const bytes = decodeBase64Url(payload);
  if (!bytes) return damaged('it contains characters a link of this app never has');
  const inflated = inflateZlibCapped(bytes, SHARE_LINK_MAX_INFLATED);
  if (!inflated.ok) return damaged(inflated.reason);
  const result = restoreGraph(inflated.bytes, 'link');
  if (result.ok || result.error.code === 'version-too-new') return result;
  return damaged(result.error.message);
}
