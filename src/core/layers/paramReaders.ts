import { ACTIVATIONS, type ActivationFn, type Padding, type Pair } from '../graph/types';
import type { FieldError } from './layerTypes';

/**
 * Readers for raw JSON params. Each returns the value (or the default when the field is absent) and
 * pushes a FieldError with the actual value when it is bad.
 */

function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function isWholeInRange(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** A whole number in [min, max]. */
export function readInt(raw: Record<string, unknown>, field: string, min: number, max: number, fallback: number, errors: FieldError[]): number {
  const v = raw[field];
  if (v === undefined) return fallback;
  if (isWholeInRange(v, min, max)) return v;
  errors.push({ field, message: `${field} must be a whole number from ${min} to ${max}, got ${showValue(v)}` });
  return fallback;
}

/** A finite number in [min, max] (maxExclusive makes the upper bound open). */
export function readNumber(
  raw: Record<string, unknown>, field: string, min: number, max: number, fallback: number, errors: FieldError[], maxExclusive = false,
): number {
  const v = raw[field];
  if (v === undefined) return fallback;
  if (typeof v === 'number' && Number.isFinite(v) && v >= min && (maxExclusive ? v < max : v <= max)) return v;
  errors.push({ field, message: `${field} must be a number from ${min} to ${max}${maxExclusive ? ' (exclusive)' : ''}, got ${showValue(v)}` });
  return fallback;
}

/** A positive whole number n or a pair [rows, cols], each in [1, max]. */
export function readPair(raw: Record<string, unknown>, field: string, max: number, fallback: Pair, errors: FieldError[]): Pair {
  const v = raw[field];
  if (v === undefined) return fallback;
  if (isWholeInRange(v, 1, max)) return v;
  if (Array.isArray(v) && v.length === 2 && isWholeInRange(v[0], 1, max) && isWholeInRange(v[1], 1, max)) return [v[0], v[1]];
  errors.push({ field, message: `${field} must be a whole number from 1 to ${max} or a pair [rows, cols] of them, got ${showValue(v)}` });
  return fallback;
}

/** 'valid' | 'same' | p >= 0 | [[top, bottom], [left, right]], each pad in [0, max]. */
export function readPadding(raw: Record<string, unknown>, field: string, max: number, fallback: Padding, errors: FieldError[]): Padding {
  const v = raw[field];
  if (v === undefined) return fallback;
  if (v === 'valid' || v === 'same') return v;
  if (isWholeInRange(v, 0, max)) return v;
  const isPadPair = (p: unknown): p is [number, number] =>
    Array.isArray(p) && p.length === 2 && isWholeInRange(p[0], 0, max) && isWholeInRange(p[1], 0, max);
  if (Array.isArray(v) && v.length === 2 && isPadPair(v[0]) && isPadPair(v[1])) {
    return [[v[0][0], v[0][1]], [v[1][0], v[1][1]]];
  }
  errors.push({
    field,
    message: `${field} must be 'valid', 'same', a whole number from 0 to ${max} or [[top, bottom], [left, right]], got ${showValue(v)}`,
  });
  return fallback;
}

/** One of ACTIVATIONS. */
export function readActivation(raw: Record<string, unknown>, field: string, fallback: ActivationFn, errors: FieldError[]): ActivationFn {
  const v = raw[field];
  if (v === undefined) return fallback;
  if (typeof v === 'string' && (ACTIVATIONS as readonly string[]).includes(v)) return v as ActivationFn;
  errors.push({ field, message: `${field} must be one of ${ACTIVATIONS.join(', ')}, got ${showValue(v)}` });
  return fallback;
}

/** true or false. */
export function readBoolean(raw: Record<string, unknown>, field: string, fallback: boolean, errors: FieldError[]): boolean {
  const v = raw[field];
  if (v === undefined) return fallback;
  if (typeof v === 'boolean') return v;
  errors.push({ field, message: `${field} must be true or false, got ${showValue(v)}` });
  return fallback;
}

/** Formats a Pair for cards: 5 -> "5x5", [3, 1] -> "3x1". */
export function formatPair(p: Pair): string {
  return typeof p === 'number' ? `${p}x${p}` : `${p[0]}x${p[1]}`;
}

/** Formats a stride for cards: 1 -> "s1", [2, 1] -> "s2x1". */
export function formatStride(p: Pair): string {
  return typeof p === 'number' ? `s${p}` : p[0] === p[1] ? `s${p[0]}` : `s${p[0]}x${p[1]}`;
}

/** Formats padding for cards: valid, same, p1, [[0,1],[0,1]] -> "p0/1,0/1". */
export function formatPadding(p: Padding): string {
  if (typeof p === 'string') return p;
  if (typeof p === 'number') return `p${p}`;
  return `p${p[0][0]}/${p[0][1]},${p[1][0]}/${p[1][1]}`;
}
