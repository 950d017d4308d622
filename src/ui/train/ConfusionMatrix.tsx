/** The validation confusion matrix of the last epoch: rows the true class, columns the prediction. */
export function ConfusionMatrix({ matrix, classes, names, epoch }: { matrix: readonly number[]; classes: number; names: readonly string[]; epoch: number }) {
  const rowTotals = Array.from({ length: classes }, (_, t) => matrix.slice(t * classes, (t + 1) * classes).reduce((a, b) => a + b, 0));
  const label = (i: number) => (names[i] ?? String(i)).slice(0, 3);
  return (
    <figure className="train-confusion" data-testid="confusion-matrix" data-epoch={epoch}>
      <figcaption className="run-muted">Validation after epoch {epoch}: rows are the true class, columns the prediction</figcaption>
      <table>
        <thead>
          <tr><th aria-label="true class" />{Array.from({ length: classes }, (_, p) => <th key={p} scope="col">{label(p)}</th>)}</tr>
        </thead>
        <tbody>
          {Array.from({ length: classes }, (_, t) => (
            <tr key={t}>
              <th scope="row">{label(t)}</th>
              {Array.from({ length: classes }, (_, p) => {
                const n = matrix[t * classes + p];
                const share = rowTotals[t] ? n / rowTotals[t] : 0;
                const tone = t === p ? 'var(--ok)' : 'var(--error)';
                return (
                  <td key={p} title={`true ${names[t] ?? t}, predicted ${names[p] ?? p}: ${n}`}
                    style={{ background: n ? `color-mix(in srgb, ${tone} ${Math.round(15 + 70 * share)}%, var(--panel))` : undefined, color: share > 0.5 ? '#fff' : undefined }}>
                    {n || ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
