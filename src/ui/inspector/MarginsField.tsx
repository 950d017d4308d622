import type { Margins } from '../../core/graph/types';
import { resolveMargins } from '../../core/layers/margins';
import { NumberInput } from './NumberInput';
import { SidesField } from './SidesField';

type Mode = 'number' | 'explicit';

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
        <SidesField id={id} label="Margin" sides={explicit} commit={commit} onError={onError} />
      )}
    </div>
  );
}
