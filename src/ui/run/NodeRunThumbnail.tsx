import type { GraphDocument } from '../../core/graph/types';
import { useEditorStore } from '../editor/store';
import { selectContentDoc } from '../editor/contentDoc';
import { FeatureThumbnail } from './FeatureThumbnail';
import { showsTraining, useRunStore, type RunState } from './runStore';
import { findStaleNodesCached } from './staleNodes';
import { computeDocRunKey } from './structuralKey';
import { formatMs } from '../../core/format';

/** Tallest a thumbnail grid is drawn, so it stays beside its node and clear of the next one. */
const THUMB_MAX_HEIGHT = 84;

/**
 * What the canvas node shows after a run: its output thumbnail (each channel on its own colour
 * scale, so a faint channel next to a strong one stays readable; the large view gives the
 * numbers) and the step time; a click opens the large per-channel view. Renders nothing until
 * the node has a result, and fades the thumbnail once an edit since that run can have changed this node's output.
 */
export function NodeRunThumbnail({ nodeId }: { nodeId: string }) {
  const result = useRunStore((s) => s.results.get(nodeId));
  const openDetail = useRunStore((s) => s.openDetail);
  const resultKey = useRunStore((s) => s.resultKey);
  const seed = useRunStore((s) => s.seed);
  const weightsFrom = useRunStore((s) => s.weightsFrom);
  const resultRun = useRunStore((s) => s.resultRun);
  // A boolean selector: a node re-renders only when its thumbnail turns stale or fresh. The key and
  // the diff are computed once per document version, however many nodes ask.
  const training = useRunStore(showsTraining);
  const stale = useEditorStore((s) => !training && resultKey !== null && resultKey !== computeDocRunKey(selectContentDoc(s), seed, weightsFrom)
    && isNodeStale(resultRun, selectContentDoc(s), seed, weightsFrom, nodeId));
  if (!result) return null;
  const { preview, stats } = result;
  const more = preview.fullChannels > (preview.shape.length === 3 ? preview.shape[2] : preview.shape[0]);
  return (
    <div className={`node-run nodrag${stale ? ' is-stale' : ''}`} data-testid={`thumb-${result.name}`} data-stale={stale} title={stale ? 'from the last run: the graph has changed since' : undefined}>
      <FeatureThumbnail data={preview.data} shape={preview.shape} min={stats.min} max={stats.max} perChannel width={150} maxHeight={THUMB_MAX_HEIGHT} label={`${result.name} output`} onClick={() => openDetail(nodeId)} />
      <div className="node-run-caption">
        {formatMs(result.ms)}
        {more && ` · first ${preview.shape.length === 3 ? preview.shape[2] : preview.shape[0]} of ${preview.fullChannels}`}
        {stale && ' · stale'}
        {training && ' · training'}
      </div>
    </div>
  );
}

/**
 * Whether the edits since the run can have changed this node's output: another seed or weight
 * source redraws every weight, so all are stale; otherwise only what findStaleNodes finds.
 */
function isNodeStale(ran: RunState['resultRun'], doc: GraphDocument, seed: number, weightsFrom: RunState['weightsFrom'], nodeId: string): boolean {
  if (!ran || ran.seed !== seed || ran.weightsFrom !== weightsFrom) return true;
  return findStaleNodesCached(ran.doc, doc, weightsFrom === 'document').has(nodeId);
}

