import type { Margins } from '../graph/types';
import type { FieldError } from './layerTypes';

/** Rows and columns at each edge, resolved from any Keras form of Margins. */
export interface ResolvedMargins { top: number; bottom: number; left: number; right: number }

/** n -> n everywhere; [r, c] -> r top and bottom, c left and right; [[t, b], [l, r]] as given. */
export function resolveMargins(m: Margins): ResolvedMargins {
  if (typeof m === 'number') return { top: m, bottom: m, left: m, right: m };
  const [rows, cols] = m;
  if (typeof rows === 'number' && typeof cols === 'number') return { top: rows, bottom: rows, left: cols, right: cols };
  const [t, b] = rows as readonly [number, number];
  const [l, r] = cols as readonly [number, number];
  return { top: t, bottom: b, left: l, right: r };
}

const isWhole = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
const isPair = (v: unknown, max: number): v is [number, number] => Array.isArray(v) && v.length === 2 && isWhole(v[0], max) && isWhole(v[1], max);

/** Reads Margins: a whole number, [rows, cols] or [[top, bottom], [left, right]], each in [0, max]. */
export function readMargins(raw: Record<string, unknown>, field: string, max: number, fallback: Margins, errors: FieldError[]): Margins {
  const v = raw[field];
  if (v === undefined) return fallback;
  if (isWhole(v, max)) return v;
  if (isPair(v, max)) return [v[0], v[1]];
  if (Array.isArray(v) && v.length === 2 && isPair(v[0], max) && isPair(v[1], max)) return [[v[0][0], v[0][1]], [v[1][0], v[1][1]]];
  let shown: string;
  try { shown = JSON.stringify(v) ?? String(v); } catch { shown = String(v); }
  errors.push({ field, message: `${field} must be a whole number from 0 to ${max}, [rows, cols] or [[top, bottom], [left, right]] of them, got ${shown}` });
  return fallback;
}

/** The card's text: `1` everywhere, `t1 b2 l0 r1` otherwise. */
export function formatMargins(m: Margins): string {
  const { top, bottom, left, right } = resolveMargins(m);
  if (top === bottom && bottom === left && left === right) return String(top);
  return `t${top} b${bottom} l${left} r${right}`;
}
