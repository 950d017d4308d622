import { refuse } from './errors';

/** A mutable budget shared by every copy of one document, so a huge params tree is refused early. */
export interface CloneBudget { values: number }

/**
 * Copies a JSON-like value into fresh objects that have NO prototype, so keys such as
 * `__proto__`, `constructor` or `prototype` become ordinary own data (JSON.parse makes
 * `"__proto__"` an own property; assigning it to a normal `{}` would instead set the prototype).
 * Lookups like `params.constructor` on the copy also give `undefined`, not `Object`.
 * Values that JSON cannot hold (functions, symbols, undefined) are dropped; numbers are kept
 * exactly, NaN and Infinity included, so the shape engine can report them as field errors.
 */
export function cloneJson(value: unknown, depthLeft: number, budget: CloneBudget, where: string): unknown {
  if (--budget.values < 0) refuse('invalid-document', `${where}: too many values (more than a real graph could need).`);
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (depthLeft <= 0) refuse('invalid-document', `${where}: values are nested too deeply.`);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = cloneJson(value[i], depthLeft - 1, budget, where);
      out.push(item === undefined ? null : item);
    }
    return out;
  }
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) {
    const item = cloneJson((value as Record<string, unknown>)[key], depthLeft - 1, budget, where);
    if (item !== undefined) out[key] = item;
  }
  return out;
}

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
