import { NumberInput } from './NumberInput';

/** Top, bottom, left and right as [[top, bottom], [left, right]]. */
export type Sides = [[number, number], [number, number]];

const SIDES = [['top', 0, 0], ['bottom', 0, 1], ['left', 1, 0], ['right', 1, 1]] as const;

/** Four number inputs, one per side; a change commits the whole [[top, bottom], [left, right]]. */
export function SidesField({ id, label, sides, commit, onError }: {
  id: string; label: string; sides: Sides; commit: (v: Sides) => string | null; onError: (m: string | null) => void;
}) {
  function commitSide(axis: 0 | 1, side: 0 | 1, n: number) {
    const next: Sides = [[sides[0][0], sides[0][1]], [sides[1][0], sides[1][1]]];
    next[axis][side] = n;
    return commit(next);
  }
  return (
    <div className="padding-sides">
      {SIDES.map(([name, axis, side]) => (
        <label key={name} className="padding-side">
          <span>{name}</span>
          <NumberInput id={`${id}-${name}`} label={`${label} ${name}`} value={sides[axis][side]} onValue={(n) => commitSide(axis, side, n)} onError={onError} />
        </label>
      ))}
    </div>
  );
}
