import { lazy, Suspense, type ComponentProps } from 'react';

// uPlot loads with the first chart (when a training starts), not with the first page.
const TrainChart = lazy(() => import('./TrainChart').then((m) => ({ default: m.TrainChart })));

/** A training chart, fetched on first use; its caption holds the place meanwhile. */
export function LazyTrainChart(props: ComponentProps<typeof TrainChart>) {
  const caption = props.metric === 'loss' ? 'Loss' : 'Accuracy';
  return (
    <Suspense fallback={<figure className="train-chart-figure"><figcaption className="run-subtitle">{caption} by step</figcaption></figure>}>
      <TrainChart {...props} />
    </Suspense>
  );
}
