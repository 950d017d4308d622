import type { Picture } from '../../core/imaging/picture';
import { PicturePreview } from '../run/PicturePreview';

/** Validation samples the last epoch got wrong, each with what the model said and what it is. */
export function Misclassified({ items, names }: { items: readonly { index: number; truth: number; predicted: number; picture: Picture }[]; names: readonly string[] }) {
  const name = (c: number) => names[c] ?? String(c);
  return (
    <figure className="train-misclassified" data-testid="misclassified">
      <figcaption className="run-subtitle">
        {items.length ? `Wrong on validation (the first ${items.length}): predicted, then true` : 'No validation sample was wrong.'}
      </figcaption>
      <div className="train-misclassified-grid">
        {items.map((m) => (
          <div key={m.index} className="train-misclassified-cell" data-testid="misclassified-sample" title={`validation #${m.index}: predicted ${name(m.predicted)}, true ${name(m.truth)}`}>
            <PicturePreview picture={m.picture} size={40} label={`validation sample ${m.index}`} />
            <span><b className="train-wrong">{name(m.predicted).slice(0, 4)}</b> {name(m.truth).slice(0, 4)}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}
