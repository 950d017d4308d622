import { useEffect, useState } from 'react';
import type { Pair } from '../../core/graph/types';
import { NumberInput } from './NumberInput';

function toPair(value: unknown): [number | undefined, number | undefined] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2) {
    return [typeof value[0] === 'number' ? value[0] : undefined, typeof value[1] === 'number' ? value[1] : undefined];
  }
  return [undefined, undefined];
}

/** A chain link, whole when linked and split when not. */
function LinkIcon({ linked }: { linked: boolean }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" aria-hidden="true">
      <path d="M6.5 9.5l3-3" opacity={linked ? 1 : 0} />
      <path d={linked ? 'M7 4.5l1.2-1.2a2.8 2.8 0 014 4L11 8.5' : 'M8 3.6l.2-.3a2.8 2.8 0 014 4L11 8.5'} />
      <path d={linked ? 'M9 11.5l-1.2 1.2a2.8 2.8 0 01-4-4L5 7.5' : 'M8 12.4l-.2.3a2.8 2.8 0 01-4-4L5 7.5'} />
    </svg>
  );
}

/**
 * Rows and cols of a kernel, stride, dilation or pool size. Linked ("square"), one edit sets both
 * and the param is stored as a single number as Keras writes it; unlinked it is [rows, cols].
 */
export function PairField({
  id, label, value, commit, onError,
}: { id: string; label: string; value: unknown; commit: (v: Pair) => string | null; onError: (m: string | null) => void }) {
  const [rows, cols] = toPair(value);
  const [linked, setLinked] = useState(rows === cols);
  useEffect(() => {
    if (rows !== cols) setLinked(false);
  }, [rows, cols]);

  const commitRows = (n: number) => (linked ? commit(n) : commit([n, cols ?? n]));
  const commitCols = (n: number) => (linked ? commit(n) : commit([rows ?? n, n]));

  function toggle() {
    if (!linked && rows !== undefined) commit(rows);
    setLinked(!linked);
  }

  return (
    <div className="pair-field">
      <NumberInput id={id} label={`${label} rows`} value={rows} onValue={commitRows} onError={onError} testId={`field-${id}-rows`} />
      <button
        type="button"
        className={`link-toggle${linked ? ' is-on' : ''}`}
        aria-pressed={linked}
        aria-label={`${label}: square (same rows and cols)`}
        title={linked ? 'Square: rows and cols move together' : 'Rows and cols are separate'}
        onClick={toggle}
      >
        <LinkIcon linked={linked} />
      </button>
      <NumberInput id={`${id}-cols`} label={`${label} cols`} value={cols} onValue={commitCols} onError={onError} testId={`field-${id}-cols`} />
    </div>
  );
}
