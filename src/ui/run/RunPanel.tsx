import { useEffect, useRef, useState } from 'react';
import type { GraphDocument } from '../../core/graph/types';
import { FeatureDetail } from './FeatureDetail';
import { InputPicker } from './InputPicker';
import { formatMs } from '../../core/format';
import { parseSeed } from './parseSeed';
import { AUTO_RUN_LIMIT_MS, isFastEnough, showsTraining, useRunStore } from './runStore';
import { computeDocRunKey } from './structuralKey';
import { pickClassifierOutput, TopClasses } from './TopClasses';
import './run.css';

const DIGIT_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * The Run panel: pick an input, choose the weights (stored in the document or random from a seed),
 * run the graph in the worker, follow per-layer progress, cancel, and read the top-5 classes.
 * After an edit the graph re-runs by itself when it is expected to take under 100 ms (the last
 * run's time scaled by `macs`, the multiply-accumulates of the graph as it is now).
 */
export function RunPanel({ doc, macs }: { doc: GraphDocument; macs?: number }) {
  const s = useRunStore();
  const autoKey = useRef<string | null>(null);
  const key = computeDocRunKey(doc, s.seed, s.weightsFrom);

  useEffect(() => {
    const state = useRunStore.getState();
    if (!state.autoRun || !isFastEnough(state, macs) || !state.picture || state.resultKey === null || state.resultKey === key || autoKey.current === key) return;
    autoKey.current = key;
    const timer = setTimeout(() => void useRunStore.getState().run(doc), 120);
    return () => clearTimeout(timer);
  }, [key, doc, macs]);

  useEffect(() => {
    // A new input (or seed) re-runs a fast graph at once, as an edit does.
    const state = useRunStore.getState();
    if (state.autoRun && isFastEnough(state, macs) && state.picture && state.status !== 'running') void state.run(doc);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s.picture, s.seed, s.weightsFrom]);

  const classifier = pickClassifierOutput(s.outputs);
  const labels = classifier?.shape[0] === 10 ? DIGIT_LABELS : undefined;
  const stale = s.resultKey !== null && s.resultKey !== key && !showsTraining(s);
  // The panel has one picture; with several Inputs each gets it, which the user should not have to guess.
  const inputNames = doc.nodes.filter((n) => n.kind === 'Input').map((n) => n.name);
  const errorNode = s.error?.nodeId ? doc.nodes.find((n) => n.id === s.error?.nodeId) : undefined;
  return (
    <aside className="run-panel" aria-label="Run">
      <h2 className="run-title">Run</h2>
      <InputPicker />
      {inputNames.length > 1 && (
        <p className="run-note" role="note" data-testid="run-inputs-note">
          This graph has {inputNames.length} Inputs ({inputNames.join(', ')}): each one gets the picture above.
        </p>
      )}
      <div className="run-row">
        <label>
          Weights{' '}
          <select value={s.weightsFrom} onChange={(e) => s.setWeightsFrom(e.target.value as 'document' | 'seed')} aria-label="weights">
            <option value="document">from the document (seed fills the rest)</option>
            <option value="seed">all random from the seed</option>
          </select>
        </label>
      </div>
      <div className="run-row">
        <SeedField seed={s.seed} onSeed={s.setSeed} />
        <button type="button" onClick={s.rerollSeed} title="new random weights">Re-roll</button>
      </div>
      <div className="run-row">
        {s.status === 'running' ? (
          <button type="button" className="run-cancel" onClick={s.cancel} data-testid="run-cancel">Cancel</button>
        ) : (
          <button type="button" className="run-go" onClick={() => void s.run(doc)} data-testid="run-button" disabled={!s.picture}>Run</button>
        )}
        <label className="run-muted" title={`re-run after each edit when a run takes under ${AUTO_RUN_LIMIT_MS} ms`}>
          <input type="checkbox" checked={s.autoRun} onChange={(e) => s.setAutoRun(e.target.checked)} /> auto re-run
        </label>
      </div>
      {s.status === 'running' && (
        <div className="run-progress" data-testid="run-progress">
          <progress max={s.progress?.total ?? 1} value={s.progress?.step ?? 0} />
          <span className="run-muted">{s.progress ? `${s.progress.step}/${s.progress.total} ${s.progress.name} (${formatMs(s.progress.ms)})` : 'compiling…'}</span>
        </div>
      )}
      <div data-testid="run-status" data-status={s.status} className="run-muted">
        {s.status === 'done' && s.totalMs !== null && `Ran ${s.order.length} layers in ${formatMs(s.totalMs)}${stale ? ' — the graph changed since; run again' : ''}`}
        {s.status === 'cancelled' && 'Cancelled.'}
        {!s.picture && 'Pick an input to run the graph.'}
      </div>
      {s.status === 'error' && s.error && (
        <div className="run-error" role="alert" data-testid="run-error">
          {errorNode && !s.error.diagnostics?.length && <b>{errorNode.name}: </b>}
          {s.error.message}
          {s.error.diagnostics && s.error.diagnostics.length > 0 && (
            <ul className="run-diagnostics" data-testid="run-diagnostics">
              {s.error.diagnostics.map((d, i) => (
                <li key={i}><DiagnosticLine name={doc.nodes.find((n) => n.id === d.nodeId)?.name ?? d.nodeId} message={d.message} /></li>
              ))}
            </ul>
          )}
        </div>
      )}
      {classifier && s.status !== 'error' && <TopClasses output={classifier} labels={labels} />}
      <FeatureDetail />
    </aside>
  );
}

/** One shape error: the node's name in bold, once (most messages already start with it). */
function DiagnosticLine({ name, message }: { name: string; message: string }) {
  const rest = message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
  return <><b>{name}:</b> {rest}</>;
}

/**
 * The seed box keeps what is typed; only a valid seed (parseSeed) reaches the store, and a bad one
 * is named beside the box while the last good seed stays in use.
 */
function SeedField({ seed, onSeed }: { seed: number; onSeed: (seed: number) => void }) {
  const [text, setText] = useState(String(seed));
  // A re-roll (or any outside change) replaces the text unless it already says this seed.
  useEffect(() => {
    setText((t) => (parseSeed(t).ok && Number(t.trim()) === seed ? t : String(seed)));
  }, [seed]);
  const parsed = parseSeed(text);
  return (
    <label>
      Seed{' '}
      <input
        type="text"
        inputMode="numeric"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const next = parseSeed(e.target.value);
          if (next.ok) onSeed(next.seed);
        }}
        style={{ width: 110 }}
        aria-label="seed"
        aria-invalid={!parsed.ok}
        data-testid="seed-input"
      />
      {!parsed.ok && <span className="run-error-inline" role="alert" data-testid="seed-error">{parsed.message}; still using {seed}</span>}
    </label>
  );
}
