import { Fragment, useMemo, useState } from 'react';
import { useEditorStore } from '../editor/store';
import { selectContentDoc } from '../editor/contentDoc';
import { useFraming } from '../canvas/useFraming';
import { formatBytes, formatCompact, formatCount, formatMB, formatMs, formatReceptiveField, formatShape } from '../../core/format';
import { computeSummaryColumnWidths, MAX_NAME_CHARS, splitAtBreaks, type SummaryColumnWidths } from './summaryColumns';
import { buildSummaryView } from './summaryView';
import { useLayerTimes } from '../run/runStore';

/**
 * Row height (matches .summary-table td in the CSS) so off-screen rows can be replaced by spacers.
 * A row whose inputs wrap is taller; the overscan absorbs the difference in a long chain, where
 * rows have one input each.
 */
const ROW_HEIGHT = 23;
const VISIBLE_ROWS = 40;
const OVERSCAN = 10;

/** The narrowest the Inputs column gets, padding included: a short name like `Input` whole on a line; longer ones wrap (splitAtBreaks). 3 px above the 44 it needs: the monospace columns are estimated at 7.2 px a character. */
const MIN_INPUTS_WIDTH = 47;

/**
 * The width below which the panel scrolls sideways instead of squeezing: every content column at
 * its full width and MIN_INPUTS_WIDTH for Inputs. Layer and Kind are counted in `ch` of the
 * table's own font, exactly as their <col>s are sized (counting them at a guessed 7.2 px fell
 * 23 px short with long names and squeezed Inputs to 25 px); the monospace columns at 0.6 em.
 */
function minTableWidth(w: SummaryColumnWidths, showTime: boolean): string {
  const monoPx = (w.shape + w.params + w.macs + w.memory) * 7.2;
  return `calc(${w.name + w.kind + 1}ch + ${Math.round(monoPx + 6 * 14 + 2 * 36 + (showTime ? 76 : 0) + MIN_INPUTS_WIDTH)}px)`;
}

function Bar({ value, max, kind }: { value: number; max: number; kind: 'macs' | 'mem' }) {
  const pct = max > 0 ? Math.max(value > 0 ? 2 : 0, Math.round((value / max) * 100)) : 0;
  return (
    <span className={`bar ${kind}`} aria-hidden="true">
      <span style={{ width: `${pct}%` }} />
    </span>
  );
}

/**
 * The model summary, like Keras' model.summary(): per layer output shape, params, MACs and
 * activation memory (small bars make the heavy layers stand out), then the totals.
 */
export function SummaryTable() {
  const doc = useEditorStore(selectContentDoc);
  const inference = useEditorStore((s) => s.inference);
  const selected = useEditorStore((s) => s.selectedNodeIds);
  const { centreNode } = useFraming();
  const view = useMemo(() => buildSummaryView(doc, inference), [doc, inference]);
  const widths = useMemo(() => computeSummaryColumnWidths(view.rows), [view.rows]);
  const times = useLayerTimes();
  // The Time column appears once a run has measured something; before that it would be all dashes.
  const showTime = times.size > 0;
  const t = view.totals;
  // Only the rows in sight are in the DOM, so a 300-layer model re-renders a screenful, not 300 rows.
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(view.rows.length, first + VISIBLE_ROWS + 2 * OVERSCAN);

  function reveal(id: string) {
    useEditorStore.getState().setSelection([id], []);
    centreNode(id);
  }

  return (
    <section className="summary" aria-label="Model summary" data-testid="summary" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <h3>Model summary</h3>
      <dl className="summary-totals">
        <div><dt>Total params</dt><dd data-testid="total-params">{formatCount(t.totalParams)}</dd></div>
        <div><dt>Trainable</dt><dd data-testid="trainable-params">{formatCount(t.trainableParams)}</dd></div>
        <div><dt>Non-trainable</dt><dd>{formatCount(t.nonTrainableParams)}</dd></div>
        <div><dt>MACs</dt><dd data-testid="total-macs" title={formatCount(t.macs)}>{formatCompact(t.macs)}</dd></div>
        {/* The breakdown the CLI prints, torchinfo's: float32 per sample, MB = 10^6 bytes. */}
        <div><dt>Input</dt><dd data-testid="input-memory">{formatMB(t.inputSizeMB)}</dd></div>
        <div><dt>Forward</dt><dd data-testid="forward-memory" title="Every layer output once, as a forward pass keeps them">{formatMB(t.forwardSizeMB)}</dd></div>
        <div><dt>Params</dt><dd data-testid="params-memory">{formatMB(t.paramsSizeMB)}</dd></div>
        <div>
          <dt>Total</dt>
          <dd data-testid="total-memory" title="float32, per sample (MB = 10^6 bytes): input + forward + params">{formatMB(t.estimatedTotalSizeMB)}</dd>
        </div>
      </dl>
      <table className="summary-table" style={{ minWidth: minTableWidth(widths, showTime) }}>
        {/*
          Widths in characters of the column's own font (the mono columns set it on the <col>), plus
          cell padding and bar. `ch` is the width of "0", about an average letter; half a character
          more covers names heavy in wide letters (m, w, capitals).
        */}
        <colgroup>
          <col style={{ width: `calc(${widths.name + 0.5}ch + 14px)` }} />
          <col style={{ width: `calc(${widths.kind + 0.5}ch + 14px)` }} />
          <col className="c-mono" style={{ width: `calc(${widths.shape}ch + 14px)` }} />
          <col className="c-mono" style={{ width: `calc(${widths.params}ch + 14px)` }} />
          <col className="c-mono" style={{ width: `calc(${widths.macs}ch + 14px + var(--bar-room))` }} />
          <col className="c-mono" style={{ width: `calc(${widths.memory}ch + 14px + var(--bar-room))` }} />
          {showTime && <col className="c-mono c-time" />}
          <col className="c-inputs" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Kind</th>
            <th scope="col">Output</th>
            <th scope="col" className="num">Params</th>
            <th scope="col" className="num">MACs</th>
            <th scope="col" className="num">Memory</th>
            {showTime && <th scope="col" className="num" title="Time of the layer in the last run, measured in the worker">Time</th>}
            <th scope="col">Inputs</th>
          </tr>
        </thead>
        <tbody>
          {first > 0 && <tr aria-hidden="true" style={{ height: first * ROW_HEIGHT }} />}
          {view.rows.slice(first, last).map((r) => (
            <tr key={r.id} className={`${r.hasError ? 'is-error' : ''}${selected.includes(r.id) ? ' is-selected' : ''}`} onClick={() => reveal(r.id)} data-testid={`summary-row-${r.name}`}>
              <td title={r.name.length > MAX_NAME_CHARS ? r.name : undefined}>{r.name}</td>
              <td>{r.kind}</td>
              <td className="shape" title={r.receptiveField ? `receptive field ${formatReceptiveField(r.receptiveField)} px, jump ${formatReceptiveField(r.jump)}` : undefined}>{formatShape(r.outputShape)}</td>
              <td className="num">{formatCount(r.params)}</td>
              <td className="num"><span className="bar-cell" title={formatCount(r.macs)}>{formatCompact(r.macs)}<Bar value={r.macs} max={view.maxMacs} kind="macs" /></span></td>
              <td className="num"><span className="bar-cell">{formatBytes(r.activationBytes)}<Bar value={r.activationBytes} max={view.maxActivationBytes} kind="mem" /></span></td>
              {showTime && <td className="num" data-testid="summary-time">{times.has(r.id) ? formatMs(times.get(r.id)!) : '—'}</td>}
              <td className="muted inputs" title={r.connectedTo.join(', ')}>
                {/* One span a name: lines break between names, and inside a name only where splitAtBreaks allows. */}
                {r.connectedTo.map((name, i) => (
                  <span key={i}>
                    {splitAtBreaks(name).map((piece, j) => <Fragment key={j}>{j > 0 && <wbr />}{piece}</Fragment>)}
                    {i < r.connectedTo.length - 1 ? ', ' : ''}
                  </span>
                ))}
              </td>
            </tr>
          ))}
          {last < view.rows.length && <tr aria-hidden="true" style={{ height: (view.rows.length - last) * ROW_HEIGHT }} />}
        </tbody>
      </table>
    </section>
  );
}
