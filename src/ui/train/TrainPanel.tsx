import type { GraphDocument } from '../../core/graph/types';
import { OPTIMIZER_KINDS, type OptimizerKind } from '../../core/train/optimizers';
import { useRef } from 'react';
import type { TrainConfig } from '../../worker/trainApi';
import { useEditorStore } from '../editor/store';
import { ConfusionMatrix } from './ConfusionMatrix';
import { FirstFilters } from './FirstFilters';
import { readDrop } from './droppedData';
import { Misclassified } from './Misclassified';
import { LazyTrainChart } from './LazyTrainChart';
import { DATASETS, describeDataset, useTrainStore, type TrainSettingsForm } from './trainStore';
import '../run/run.css';
import './train.css';

const OPTIMIZER_LABELS: Record<OptimizerKind, string> = { sgd: 'SGD with momentum', adam: 'Adam', adamw: 'AdamW' };

/** The Train panel: dataset and optimizer settings, Start/Pause/Resume/Stop, live charts, the confusion matrix. */
export function TrainPanel({ doc }: { doc: GraphDocument }) {
  const s = useTrainStore();
  const busy = s.status === 'loading' || s.status === 'running' || s.status === 'paused';
  const errorNode = s.error?.nodeId ? doc.nodes.find((n) => n.id === s.error?.nodeId) : undefined;
  const { settings } = s;
  const augment = settings.augment ?? { shift: false, flip: false };
  const chosen = settings.dataset.startsWith('user:') ? s.userDatasets.find((d) => `user:${d.id}` === settings.dataset) : undefined;
  const folderInput = useRef<HTMLInputElement>(null);
  const npzInput = useRef<HTMLInputElement>(null);
  const num = <K extends keyof TrainSettingsForm>(key: K, label: string, opts: { min: number; step?: number; int?: boolean; blank?: string }) => (
    <label className="train-field">
      <span>{label}</span>
      <input
        type="number" min={opts.min} step={opts.step ?? (opts.int ? 1 : 'any')} disabled={busy}
        placeholder={opts.blank}
        value={settings[key] === null ? '' : String(settings[key])}
        aria-label={label}
        data-testid={`train-${key}`}
        onChange={(e) => {
          const text = e.target.value.trim();
          if (text === '' && opts.blank) return s.set(key, null as TrainSettingsForm[K]);
          const v = Number(text);
          if (!Number.isFinite(v) || v < opts.min || (opts.int && !Number.isInteger(v))) return;
          s.set(key, v as TrainSettingsForm[K]);
        }}
      />
    </label>
  );
  return (
    <aside
      className="run-panel train-panel" aria-label="Train"
      // Data dropped here is for training, not a graph to open (the window's own drop handler).
      onDragOver={(e) => { if (!busy) { e.preventDefault(); e.stopPropagation(); } }}
      onDrop={(e) => {
        if (busy) return;
        e.preventDefault();
        e.stopPropagation();
        void readDrop(e.dataTransfer).then((data) => data && s.addDropped(data, doc));
      }}
    >
      <h2 className="run-title">Train</h2>
      <label className="train-field train-wide">
        <span>Dataset</span>
        <select value={settings.dataset} disabled={busy} aria-label="dataset" data-testid="train-dataset" onChange={(e) => s.set('dataset', e.target.value as TrainConfig['dataset'])}>
          {DATASETS.map((d) => <option key={d.id} value={d.id}>{d.label}</option>)}
          {s.userDatasets.length > 0 && (
            <optgroup label="Your data">
              {s.userDatasets.map((d) => <option key={d.id} value={`user:${d.id}`}>{`${d.name} (${d.shape.join('x')}, ${d.classNames.length} classes)`}</option>)}
            </optgroup>
          )}
        </select>
      </label>
      {chosen && (
        <div className="run-note train-data-info">
          <span data-testid="train-dataset-info">{describeDataset(chosen)}</span>
          <button type="button" disabled={busy} data-testid="train-dataset-delete" onClick={() => void s.removeDataset(chosen.id)}>Delete</button>
        </div>
      )}
      <div className="train-add-data">
        <span className="train-add-label">Add your data</span>
        <button type="button" disabled={busy || s.adding !== null} data-testid="train-add-folder" onClick={() => folderInput.current?.click()}>Folder of images…</button>
        <button type="button" disabled={busy || s.adding !== null} data-testid="train-add-npz" onClick={() => npzInput.current?.click()}>.npz…</button>
        <input
          ref={folderInput} type="file" hidden multiple data-testid="train-folder-input"
          {...{ webkitdirectory: '', directory: '' }}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
            e.target.value = '';
            if (files.length) void s.addFolder(files, doc);
          }}
        />
        <input
          ref={npzInput} type="file" hidden accept=".npz" data-testid="train-npz-input"
          onChange={(e) => { const file = e.target.files?.[0]; e.target.value = ''; if (file) void s.addNpz(file, doc); }}
        />
      </div>
      <p className="train-data-hint">Pick or drop here a folder with one subfolder per class (cat/, dog/, ...), or an .npz with x and y. Images are fitted to the Input.</p>
      {s.adding && <div className="run-note" data-testid="train-adding">Reading images{s.adding.total ? ` ${s.adding.done} of ${s.adding.total}` : ''}…</div>}
      {s.dataMessage && <div className={s.dataMessage.tone === 'error' ? 'run-error' : 'run-note'} role={s.dataMessage.tone === 'error' ? 'alert' : 'status'} data-testid="train-data-message">{s.dataMessage.text}</div>}
      <div className="train-grid">
        {num('epochs', 'Epochs', { min: 1, int: true })}
        {num('stepsPerEpoch', 'Steps per epoch', { min: 1, int: true, blank: 'all' })}
        {num('batch', 'Batch size', { min: 1, int: true })}
        {num('learningRate', 'Learning rate', { min: 0, step: 0.0001 })}
        <label className="train-field">
          <span>Optimizer</span>
          <select value={settings.optimizer} disabled={busy} aria-label="optimizer" data-testid="train-optimizer" onChange={(e) => s.set('optimizer', e.target.value as OptimizerKind)}>
            {OPTIMIZER_KINDS.map((k) => <option key={k} value={k}>{OPTIMIZER_LABELS[k]}</option>)}
          </select>
        </label>
        <label className="train-field">
          <span>Schedule</span>
          <select value={settings.schedule} disabled={busy} aria-label="schedule" data-testid="train-schedule" onChange={(e) => s.set('schedule', e.target.value as TrainSettingsForm['schedule'])}>
            <option value="constant">constant</option>
            <option value="step">step (halve)</option>
            <option value="cosine">cosine</option>
          </select>
        </label>
        {settings.optimizer === 'sgd' && num('momentum', 'Momentum', { min: 0, step: 0.05 })}
        {num('weightDecay', 'Weight decay', { min: 0, step: 0.0001 })}
      </div>
      <fieldset className="train-augment" disabled={busy}>
        <legend>Augment training images</legend>
        <label><input type="checkbox" data-testid="train-augment-shift" checked={augment.shift} onChange={(e) => s.set('augment', { ...augment, shift: e.target.checked })} /> shift (up to a tenth)</label>
        <label><input type="checkbox" data-testid="train-augment-flip" checked={augment.flip} onChange={(e) => s.set('augment', { ...augment, flip: e.target.checked })} /> flip left-right</label>
      </fieldset>
      {s.checkpoint && !busy && (
        <div className="run-note" data-testid="train-checkpoint">
          Training of &quot;{s.checkpoint.name}&quot; stopped after epoch {s.checkpoint.epoch} of {s.checkpoint.epochs} (the page was closed or reloaded).
          <div className="run-row">
            <button type="button" className="run-go" data-testid="train-resume-checkpoint" onClick={() => void s.resumeCheckpoint()}>Resume from epoch {s.checkpoint.epoch}</button>
            <button type="button" data-testid="train-discard-checkpoint" onClick={s.discardCheckpoint}>Discard</button>
          </div>
        </div>
      )}
      <div className="run-row">
        {!busy && <button type="button" className="run-go" data-testid="train-start" onClick={() => void s.start(doc)}>Start</button>}
        {s.status === 'running' && <button type="button" data-testid="train-pause" onClick={s.pause}>Pause</button>}
        {s.status === 'paused' && <button type="button" data-testid="train-resume" onClick={s.resume}>Resume</button>}
        {busy && <button type="button" className="run-cancel" data-testid="train-stop" onClick={s.stop}>Stop</button>}
      </div>
      <div className="run-muted train-status" data-testid="train-status" data-status={s.status} aria-live="polite">
        {statusLine(s)}
      </div>
      {s.status === 'error' && s.error && (
        <div className="run-error" role="alert" data-testid="train-error">
          {errorNode && !s.error.message.includes(errorNode.name) && <b>{errorNode.name}: </b>}
          {s.error.message}
        </div>
      )}
      {s.landed && (
        <p className="run-note" data-testid="train-landed">
          The weights after {s.landed.steps} step{s.landed.steps === 1 ? '' : 's'} are now the graph&apos;s (Undo takes them back).
          {s.landed.skipped.length > 0 && ` Not applied to ${s.landed.skipped.join(', ')}: edited during training.`}
        </p>
      )}
      {(s.batches.length > 0 || busy) && (
        <>
          <LazyTrainChart metric="loss" batches={s.batches} epochs={s.epochs} />
          <LazyTrainChart metric="accuracy" batches={s.batches} epochs={s.epochs} />
        </>
      )}
      {s.filters && <FirstFilters filters={s.filters} />}
      {s.confusion && <ConfusionMatrix matrix={s.confusion.matrix} classes={s.confusion.classes} names={s.classNames} epoch={s.confusion.epoch} />}
      {s.confusion && <Misclassified items={s.misclassified} names={s.classNames} />}
    </aside>
  );
}

function statusLine(s: ReturnType<typeof useTrainStore.getState>): string {
  const speed = s.imagesPerSec !== null ? `${Math.round(s.imagesPerSec).toLocaleString('en-US')} images/s` : '';
  const left = s.secondsLeft !== null && s.secondsLeft > 0 ? `, ${formatSeconds(s.secondsLeft)} left` : '';
  const where = s.totalSteps ? `epoch ${s.epoch}, step ${s.step}/${s.totalSteps}` : '';
  const last = s.epochs[s.epochs.length - 1];
  const val = last?.valAccuracy != null ? `; validation accuracy ${(100 * last.valAccuracy).toFixed(1)}%` : '';
  switch (s.status) {
    case 'idle': return 'Training runs in a worker: the canvas stays usable.';
    case 'loading': return 'Loading the data…';
    case 'running': return `${where}: ${speed}${left}${val}`;
    case 'paused': return `Paused at ${where}${val}`;
    case 'done': return `Done: ${s.step} steps${speed ? `, ${speed}` : ''}${val}`;
    case 'stopped': return `Stopped at ${where || 'the start'}${val}`;
    case 'error': return s.step > 0 ? `Stopped at ${where}` : 'Training could not start.';
  }
}

function formatSeconds(sec: number): string {
  if (sec < 60) return `${Math.ceil(sec)} s`;
  const m = Math.floor(sec / 60);
  return `${m} min ${Math.round(sec - 60 * m)} s`;
}

/** The Train panel bound to the editor's document (the app mounts it as a side tab). */
export function TrainSidePanel() {
  const doc = useEditorStore((st) => st.doc);
  return <TrainPanel doc={doc} />;
}
