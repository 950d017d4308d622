import { NumberInput } from './NumberInput';

const DIM_LABELS = { 3: ['height', 'width', 'channels'], 1: ['units'] } as const;

function dimsOf(value: unknown): number[] {
  return Array.isArray(value) ? value.map((d) => (typeof d === 'number' ? d : NaN)) : [];
}

/** An Input's per-sample shape: an image [h, w, c] or a vector [n]. */
export function ShapeField({
  id, value, commit, onError,
}: { id: string; value: unknown; commit: (v: number[]) => string | null; onError: (m: string | null) => void }) {
  const dims = dimsOf(value);
  const rank = dims.length === 1 ? 1 : 3;
  const labels = DIM_LABELS[rank];

  function onRank(next: 1 | 3) {
    if (next === rank) return;
    const product = dims.reduce((a, b) => a * (Number.isFinite(b) ? b : 1), 1);
    onError(commit(next === 1 ? [product] : [28, 28, 1]));
  }

  function commitDim(i: number, n: number) {
    const next = labels.map((_, j) => (j === i ? n : Number.isFinite(dims[j]) ? dims[j] : 1));
    return commit(next);
  }

  return (
    <div className="shape-field">
      <select id={id} value={rank} onChange={(e) => onRank(Number(e.target.value) as 1 | 3)} aria-label="Input rank" data-testid={`field-${id}`}>
        <option value={3}>image [h, w, c]</option>
        <option value={1}>vector [n]</option>
      </select>
      <div className="shape-dims">
        {labels.map((name, i) => (
          <label key={name} className="shape-dim">
            <span>{name}</span>
            <NumberInput id={`${id}-${name}`} label={`Input ${name}`} value={Number.isFinite(dims[i]) ? dims[i] : undefined} onValue={(n) => commitDim(i, n)} onError={onError} testId={`field-${id}-${name}`} />
          </label>
        ))}
      </div>
    </div>
  );
}
