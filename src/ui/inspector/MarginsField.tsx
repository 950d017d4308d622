import type { Margins } from '../../core/graph/types';
import { resolveMargins } from '../../core/layers/margins';
import { NumberInput } from './NumberInput';

type Mode = 'number' | 'explicit';

const SIDES = [['top', 0, 0], ['bottom', 0, 1], ['left', 1, 0], ['right', 1, 1]] as const;

/** A well-formed Margins value as [[top, bottom], [left, right]] (zeros for anything else). */
function explicitOf(value: unknown): [[number, number], [number, number]] {
  const ok = typeof value === 'number' || Array.isArray(value);
  if (!ok) return [[0, 0], [0, 0]];
  try {
    const m = resolveMargins(value as Margins);
    const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
    return [[n(m.top), n(m.bottom)], [n(m.left), n(m.right)]];
  } catch {
    return [[0, 0], [0, 0]];
  }
}

/** ZeroPadding2D's padding and Cropping2D's cropping: n on every side, or explicit per side. */
export function MarginsField({
  id, value, commit, onError,
}: { id: string; value: unknown; commit: (v: Margins) => string | null; onError: (m: string | null) => void }) {
  const mode: Mode = typeof value === 'number' ? 'number' : 'explicit';
  const explicit = explicitOf(value);

  function onMode(next: Mode) {
    onError(commit(next === 'number' ? explicit[0][0] : explicit));
  }

  function commitSide(axis: 0 | 1, side: 0 | 1, n: number) {
    const next: [[number, number], [number, number]] = [[explicit[0][0], explicit[0][1]], [explicit[1][0], explicit[1][1]]];
    next[axis][side] = n;
    return commit(next);
  }

  return (
    <div className="padding-field">
      <select id={id} value={mode} onChange={(e) => onMode(e.target.value as Mode)} data-testid={`field-${id}`}>
        <option value="number">same on every side</option>
        <option value="explicit">explicit per side</option>
      </select>
      {mode === 'number' && (
        <NumberInput id={`${id}-n`} label="Rows and columns on every side" value={typeof value === 'number' ? value : undefined} onValue={(n) => commit(n)} onError={onError} testId={`field-${id}-n`} />
      )}
      {mode === 'explicit' && (
        <div className="padding-sides">
          {SIDES.map(([name, axis, side]) => (
            <label key={name} className="padding-side">
              <span>{name}</span>
              <NumberInput id={`${id}-${name}`} label={name} value={explicit[axis][side]} onValue={(n) => commitSide(axis, side, n)} onError={onError} />
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
