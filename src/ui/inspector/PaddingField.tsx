import type { Padding } from '../../core/graph/types';
import { NumberInput } from './NumberInput';
import { SidesField } from './SidesField';

type Mode = 'valid' | 'same' | 'number' | 'explicit';

function modeOf(value: unknown): Mode {
  if (value === 'same') return 'same';
  if (typeof value === 'number') return 'number';
  if (Array.isArray(value)) return 'explicit';
  return 'valid';
}

function explicitOf(value: unknown): [[number, number], [number, number]] {
  if (typeof value === 'number') return [[value, value], [value, value]];
  if (Array.isArray(value) && Array.isArray(value[0]) && Array.isArray(value[1])) {
    return [[Number(value[0][0]) || 0, Number(value[0][1]) || 0], [Number(value[1][0]) || 0, Number(value[1][1]) || 0]];
  }
  return [[0, 0], [0, 0]];
}

/** Padding: 'valid', TensorFlow 'same', a symmetric number p, or explicit top/bottom/left/right. */
export function PaddingField({
  id, value, commit, onError,
}: { id: string; value: unknown; commit: (v: Padding) => string | null; onError: (m: string | null) => void }) {
  const mode = modeOf(value);
  const explicit = explicitOf(value);

  function onMode(next: Mode) {
    switch (next) {
      case 'valid':
      case 'same':
        onError(commit(next));
        return;
      case 'number':
        onError(commit(explicit[0][0]));
        return;
      case 'explicit':
        onError(commit(explicit));
        return;
    }
  }


  return (
    <div className="padding-field">
      <select id={id} value={mode} onChange={(e) => onMode(e.target.value as Mode)} data-testid={`field-${id}`}>
        <option value="valid">valid (no padding)</option>
        <option value="same">same (TensorFlow)</option>
        <option value="number">symmetric p</option>
        <option value="explicit">explicit per side</option>
      </select>
      {mode === 'number' && (
        <NumberInput id={`${id}-p`} label="Padding p on every side" value={typeof value === 'number' ? value : undefined} onValue={(n) => commit(n)} onError={onError} testId={`field-${id}-p`} />
      )}
      {mode === 'explicit' && (
        <SidesField id={id} label="Padding" sides={explicit} commit={commit} onError={onError} />
      )}
    </div>
  );
}
