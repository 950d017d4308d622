import { useEffect, useRef, useState, type RefObject } from 'react';
import { useReactFlow } from '@xyflow/react';
import {
  describeNodeChanges, formatCountDelta, formatMacsDelta, formatMemoryDelta, formatOutputs, type NodeDiff,
} from '../../core/diff';
import { useEditorStore } from '../editor/store';
import { isTyping } from '../editor/isTyping';
import { isNarrowScreen } from '../layout/drawerStore';
import { leaveCompare, useCompareStore } from './compareStore';
import { ghostId } from './ghostIds';
import './diff.css';

const TAGS = { added: '+ added', removed: '− removed', changed: '~ changed', unchanged: '' } as const;

/** The room the panel takes over the canvas, so framing and centring leave what it covers alone. */
function panelRoom(panel: HTMLElement | null): { right: number; bottom: number } {
  if (!panel) return { right: 0, bottom: 0 };
  const box = panel.getBoundingClientRect();
  // On a phone the panel sits at the bottom; elsewhere at the right.
  return isNarrowScreen() ? { right: 0, bottom: box.height + 16 } : { right: box.width + 20, bottom: 0 };
}

/** Selects the layer a change is about and brings it to the middle of what the panel leaves free (a removed one is only shown). */
function useShowNode(panel: RefObject<HTMLElement | null>) {
  const { getNode, setCenter, getZoom } = useReactFlow();
  return (entry: NodeDiff) => {
    const id = entry.status === 'removed' ? ghostId(entry.before!.id) : entry.after!.id;
    if (entry.status !== 'removed') useEditorStore.getState().setSelection([id], []);
    const node = getNode(id);
    if (!node) return;
    const zoom = Math.max(getZoom(), 0.7);
    const room = panelRoom(panel.current);
    const x = node.position.x + (node.measured?.width ?? 224) / 2 + room.right / 2 / zoom;
    const y = node.position.y + (node.measured?.height ?? 80) / 2 + room.bottom / 2 / zoom;
    void setCenter(x, y, { zoom, duration: 200 });
  };
}

/** Frames the whole graph, ghosts included, beside the panel when a comparison starts. */
function useFrameOnStart(panel: RefObject<HTMLElement | null>) {
  const { fitView } = useReactFlow();
  const base = useCompareStore((s) => s.base);
  useEffect(() => {
    if (!base) return;
    // The ghost cards join the canvas on the next render; frame once they are there.
    const timer = setTimeout(() => {
      const room = panelRoom(panel.current);
      void fitView({ includeHiddenNodes: true, maxZoom: 1, duration: 200, padding: { top: '16px', left: '16px', right: `${room.right + 16}px`, bottom: `${room.bottom + 16}px` } });
    }, 50);
    return () => clearTimeout(timer);
  }, [base, fitView, panel]);
}

function ChangeItem({ entry, onShow }: { entry: NodeDiff; onShow: (entry: NodeDiff) => void }) {
  const ref = entry.after ?? entry.before!;
  const lines = describeNodeChanges(entry);
  return (
    <li className="compare-change" data-testid="compare-change">
      <button type="button" className="compare-change-button" onClick={() => onShow(entry)} title={entry.status === 'removed' ? 'Show where it was' : 'Select this layer'}>
        <span className={`diff-tag diff-tag-${entry.status}`}>{TAGS[entry.status]}</span>
        <span className="compare-change-name">{ref.name}</span>
        <span className="compare-change-kind">{ref.kind}</span>
      </button>
      {lines.length > 0 && (
        <ul className="compare-change-lines">
          {lines.map((line) => <li key={line}>{line}</li>)}
        </ul>
      )}
    </li>
  );
}

/**
 * Compare mode's panel over the canvas: what the open graph is compared with, the totals of both
 * (params, MACs, memory, output), and every change; a click on one selects its layer.
 * "Leave compare" or Escape ends the mode.
 */
export function ComparePanel() {
  const diff = useCompareStore((s) => s.diff);
  const label = useCompareStore((s) => s.label);
  // On a phone the canvas comes first: the panel starts folded to its counts.
  const [open, setOpen] = useState(() => !isNarrowScreen());
  const panel = useRef<HTMLElement>(null);
  const show = useShowNode(panel);
  useFrameOnStart(panel);
  useEffect(() => {
    if (!diff) return;
    const onKey = (e: KeyboardEvent) => {
      // Escape belongs to an open dialog, menu or field first.
      if (e.key !== 'Escape' || e.defaultPrevented || isTyping(e.target) || document.querySelector('dialog[open]')) return;
      leaveCompare();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [diff]);
  if (!diff) return null;
  const { added, removed, changed, unchanged } = diff.counts;
  const t = diff.totals;
  return (
    <section ref={panel} className="compare-panel" aria-label="Compare versions" data-testid="compare-panel">
      <header className="compare-head">
        <h2 className="compare-title">Compare</h2>
        <button type="button" className="compare-fold" aria-expanded={open} aria-label={open ? 'Fold the compare panel' : 'Unfold the compare panel'} onClick={() => setOpen(!open)} data-testid="compare-fold">{open ? '▾' : '▸'}</button>
        <button type="button" className="tool-button" onClick={leaveCompare} data-testid="leave-compare" title="Back to editing (Escape)">Leave compare</button>
      </header>
      <p className="compare-against">Before: {label}. After: the open graph.</p>
      <p className="compare-counts" data-testid="compare-counts">
        {diff.identical ? `No changes: all ${unchanged} layers are the same.` : `${added} added · ${removed} removed · ${changed} changed · ${unchanged} unchanged`}
      </p>
      {open && (
        <>
          <dl className="compare-totals" data-testid="compare-totals">
            <dt>Params</dt><dd>{formatCountDelta(t.params)}</dd>
            <dt>MACs</dt><dd>{formatMacsDelta(t.macs)}</dd>
            <dt>Memory</dt><dd>{formatMemoryDelta(t.memoryMB)}</dd>
            <dt>Output</dt><dd>{t.outputs.changed ? `${formatOutputs(t.outputs.before)} -> ${formatOutputs(t.outputs.after)}` : formatOutputs(t.outputs.after)}</dd>
          </dl>
          {diff.nodes.length > 0 && (
            <ul className="compare-changes" data-testid="compare-changes" aria-label="Changes">
              {diff.nodes.map((entry) => <ChangeItem key={`${entry.status}:${(entry.after ?? entry.before)!.id}`} entry={entry} onShow={show} />)}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
