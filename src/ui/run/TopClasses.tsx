import { rankClasses } from '../../core/imaging/featureStats';
import type { OutputTensor } from '../../worker/runtimeApi';

/**
 * The top 5 classes of a classifier's output vector with their probabilities (softmax applied
 * when the output is logits). `labels` names the classes when known (digits for MNIST).
 */
export function TopClasses({ output, labels }: { output: OutputTensor; labels?: readonly string[] }) {
  const { classes, appliedSoftmax } = rankClasses(output.data, 5);
  return (
    <div className="top-classes" data-testid="top-classes">
      <div className="run-subtitle">
        Top {classes.length} of {output.name} {appliedSoftmax && <span className="run-muted">(softmax of its outputs)</span>}
      </div>
      <ol>
        {classes.map((c) => (
          <li key={c.index}>
            <span className="top-class-label">{labels?.[c.index] ?? `class ${c.index}`}</span>
            <span className="top-class-bar" style={{ width: `${Math.max(1, c.probability * 100)}%` }} />
            <span className="top-class-prob">{(c.probability * 100).toFixed(1)}%</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The output a classifier's prediction is read from: the last vector output of the plan, if any. */
export function pickClassifierOutput(outputs: readonly OutputTensor[]): OutputTensor | undefined {
  const vectors = outputs.filter((o) => o.shape.length === 1 && o.shape[0] >= 2);
  return vectors[vectors.length - 1];
}
