import { FeatureThumbnail } from './FeatureThumbnail';
import { useRunStore } from './runStore';

/**
 * What the canvas node shows after a run: its output thumbnail (shared colour scale over all of
 * the node's channels) and the step time; a click opens the large per-channel view. Renders
 * nothing until the node has a result.
 */
export function NodeRunThumbnail({ nodeId }: { nodeId: string }) {
  const result = useRunStore((s) => s.results.get(nodeId));
  const openDetail = useRunStore((s) => s.openDetail);
  if (!result) return null;
  const { preview, stats } = result;
  const more = preview.fullChannels > (preview.shape.length === 3 ? preview.shape[2] : preview.shape[0]);
  return (
    <div className="node-run nodrag" data-testid={`thumb-${result.name}`}>
      <FeatureThumbnail data={preview.data} shape={preview.shape} min={stats.min} max={stats.max} width={150} label={`${result.name} output`} onClick={() => openDetail(nodeId)} />
      <div className="node-run-caption">
        {formatMs(result.ms)}
        {more && ` · first ${preview.shape.length === 3 ? preview.shape[2] : preview.shape[0]} of ${preview.fullChannels}`}
      </div>
    </div>
  );
}

/** A duration for a table or a caption: 0.04 ms, 3.2 ms, 240 ms. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}
