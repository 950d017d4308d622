import { useEffect, useState } from 'react';
import type { Shape } from '../../core/graph/types';
import { computeStats, type FeatureStats } from '../../core/imaging/featureStats';
import { FeatureThumbnail } from './FeatureThumbnail';
import { formatMs } from '../../core/format';
import { useRunStore } from './runStore';

const MAX_CHANNELS_SHOWN = 64;

/**
 * The large view of one node's output: every channel (up to 64) at full resolution, each with
 * min / max / mean / std and the fraction of zeros. The full map is fetched from the worker.
 */
export function FeatureDetail() {
  const nodeId = useRunStore((s) => s.detailNodeId);
  const result = useRunStore((s) => (s.detailNodeId ? s.results.get(s.detailNodeId) : undefined));
  const close = useRunStore((s) => s.openDetail);
  const fetchMap = useRunStore((s) => s.fetchFeatureMap);
  const [map, setMap] = useState<{ shape: Shape; data: Float32Array } | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setMap(null);
    if (!nodeId) return;
    let live = true;
    setLoading(true);
    void fetchMap(nodeId).then((m) => {
      if (live) { setMap(m); setLoading(false); }
    });
    return () => { live = false; };
  }, [nodeId, result, fetchMap]);

  useEffect(() => {
    if (!nodeId) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') close(null); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [nodeId, close]);

  if (!nodeId || !result) return null;
  const shape = result.shape;
  const spatial = shape.length === 3 && shape[0] * shape[1] > 1;
  const channels = spatial ? shape[2] : 1;
  const shown = Math.min(channels, MAX_CHANNELS_SHOWN);
  return (
    <div className="run-modal-backdrop" onClick={() => close(null)}>
      <div className="run-modal" role="dialog" aria-label={`feature maps of ${result.name}`} onClick={(e) => e.stopPropagation()}>
        <header className="run-modal-header">
          <h2>{result.name} <span className="run-muted">{result.kind} · [{shape.join(', ')}] · {formatMs(result.ms)}</span></h2>
          <button type="button" onClick={() => close(null)} aria-label="close">×</button>
        </header>
        <StatsLine label="all" stats={result.stats} />
        {loading && <p className="run-muted">Loading the full map…</p>}
        {!loading && !map && <p className="run-muted">The full map was too large to keep; the node thumbnail shows a reduced copy.</p>}
        {map && spatial && (
          <>
            {channels > shown && <p className="run-muted">Showing the first {shown} of {channels} channels.</p>}
            <div className="run-channel-grid">
              {Array.from({ length: shown }, (_, c) => (
                <ChannelView key={c} index={c} data={map.data} shape={shape} stats={result.channelStats[c]} />
              ))}
            </div>
          </>
        )}
        {map && !spatial && (
          <div className="run-vector-view">
            <FeatureThumbnail data={map.data.length > 4096 ? map.data.subarray(0, 4096) : map.data} shape={[Math.min(map.data.length, 4096)]} width={720} label={`${result.name} values`} />
          </div>
        )}
      </div>
    </div>
  );
}

function ChannelView({ index, data, shape, stats }: { index: number; data: Float32Array; shape: Shape; stats: FeatureStats }) {
  const [h, w, c] = shape;
  const channel = new Float32Array(h * w);
  for (let i = 0; i < h * w; i++) channel[i] = data[i * c + index];
  return (
    <figure className="run-channel">
      <FeatureThumbnail data={channel} shape={[h, w, 1]} min={stats.min} max={stats.max} width={Math.min(224, Math.max(96, w * 2))} label={`channel ${index}`} />
      <figcaption>
        <b>#{index}</b> <StatsLine stats={stats ?? computeStats(channel)} />
      </figcaption>
    </figure>
  );
}

function StatsLine({ stats, label }: { stats: FeatureStats; label?: string }) {
  const f = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toFixed(3));
  return (
    <span className="run-stats">
      {label && <b>{label}: </b>}
      min {f(stats.min)} · max {f(stats.max)} · mean {f(stats.mean)} · std {f(stats.std)} · zeros {(stats.zeroFraction * 100).toFixed(1)}%
    </span>
  );
}
