import { create } from 'zustand';
import type { GraphDocument } from '../../core/graph/types';
import type { Picture } from '../../core/imaging/picture';
import { defaultLearningRate, type OptimizerKind } from '../../core/train/optimizers';
import { clearCheckpoint, loadCheckpoint, saveCheckpoint, type TrainCheckpointRecord } from '../../store/trainCheckpoints';
import { deleteDataset, listDatasets, loadDatasetArrays, type DatasetSummary } from '../../store/trainDatasets';
import type { FilterSnapshot, TrainConfig, TrainDatasetKind, TrainEvent, TrainFailure, UserDataset } from '../../worker/trainApi';
import { addFolderDataset, addNpzDataset, type AddResult } from './addDataset';
import type { DroppedData, FolderFile } from './droppedData';
import { computeRunKey } from '../run/structuralKey';
import { useEditorStore } from '../editor/store';
import { keepRevisionNow } from '../persistence/persistenceStore';
import { useRunStore } from '../run/runStore';
import { withTrainedWeights } from './applyTrained';
import { createTrainClient, type TrainClient } from './trainClient';

export type TrainStatus = 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'stopped' | 'error';

/** The panel's fields; the seed is the Run panel's, so untrained weights are the ones Run shows. */
export type TrainSettingsForm = Omit<TrainConfig, 'seed'>;

export interface BatchPoint { step: number; loss: number; accuracy: number | null }
export interface EpochPoint { epoch: number; step: number; loss: number; accuracy: number | null; valLoss: number | null; valAccuracy: number | null }

export interface TrainState {
  settings: TrainSettingsForm;
  status: TrainStatus;
  error: TrainFailure | null;
  batches: BatchPoint[];
  epochs: EpochPoint[];
  confusion: { matrix: number[]; classes: number; epoch: number } | null;
  /** Validation samples the last epoch got wrong (the first few), with their pictures. */
  misclassified: { index: number; truth: number; predicted: number; picture: Picture }[];
  classNames: string[];
  totalSteps: number;
  stepsPerEpoch: number;
  step: number;
  epoch: number;
  imagesPerSec: number | null;
  secondsLeft: number | null;
  trainCount: number;
  /** The first Conv2D's filters as training last reported them. */
  filters: FilterSnapshot | null;
  /** What happened to the weights when the last run ended. */
  landed: { steps: number; skipped: string[] } | null;

  /** A checkpoint left by a run that did not end (a reload or a crash), to resume or discard. */
  checkpoint: { epoch: number; epochs: number; name: string; savedAt: number } | null;

  /** Datasets the user added, oldest first; `adding` while a folder or .npz is being read. */
  userDatasets: DatasetSummary[];
  adding: { done: number; total: number } | null;
  dataMessage: { tone: 'error' | 'info'; text: string } | null;
  addNpz(file: File, doc: GraphDocument): Promise<void>;
  addFolder(files: readonly FolderFile[], doc: GraphDocument): Promise<void>;
  /** A drop on the panel: a folder or an .npz is added; anything else is named and left alone. */
  addDropped(data: DroppedData, doc: GraphDocument): Promise<void>;
  removeDataset(id: string): Promise<void>;

  set<K extends keyof TrainSettingsForm>(key: K, value: TrainSettingsForm[K]): void;
  start(doc: GraphDocument): Promise<void>;
  /** Goes on from the checkpoint, if the editor holds the graph it was taken of. */
  resumeCheckpoint(): Promise<void>;
  discardCheckpoint(): void;
  pause(): void;
  resume(): void;
  stop(): void;
}

const DEFAULTS: TrainSettingsForm = {
  dataset: 'mnist', epochs: 2, stepsPerEpoch: null, batch: 64, optimizer: 'adam', learningRate: 0.001,
  momentum: 0.9, weightDecay: 0, schedule: 'constant', augment: { shift: false, flip: false },
};

/** What a checkpoint keeps of the panel, to draw the charts again after a reload. */
interface CheckpointView {
  batches: BatchPoint[];
  epochs: EpochPoint[];
  confusion: TrainState['confusion'];
  classNames: string[];
  totalSteps: number;
  stepsPerEpoch: number;
}

/** Same layers, params and wiring (positions and weights aside). */
const sameGraph = (a: GraphDocument, b: GraphDocument) => computeRunKey({ ...a, weights: undefined }, 0) === computeRunKey({ ...b, weights: undefined }, 0);

let client: TrainClient | null = null;
const getClient = () => (client ??= createTrainClient());

export const useTrainStore = create<TrainState>()((set, get) => {
  // Batch events arrive faster than the screen redraws: gather them and draw once per frame.
  let pending: BatchPoint[] = [];
  let latest: Partial<TrainState> = {};
  let frame = 0;
  const flush = () => {
    frame = 0;
    const add = pending;
    pending = [];
    set({ ...latest, batches: add.length ? [...get().batches, ...add] : get().batches });
    latest = {};
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(flush);
  };

  // The run in progress: the graph it began from and its config, for the checkpoints.
  let running: { started: GraphDocument; config: TrainConfig } | null = null;

  const onEvent = (e: TrainEvent) => {
    if (e.kind === 'started') {
      set({ status: 'running', totalSteps: e.totalSteps, stepsPerEpoch: e.stepsPerEpoch, classNames: e.classNames, trainCount: e.trainCount, filters: e.filters ?? null });
      return;
    }
    if (e.kind === 'batch') {
      pending.push({ step: e.step, loss: e.loss, accuracy: e.accuracy });
      latest = { ...latest, step: e.step, epoch: e.epoch, imagesPerSec: e.imagesPerSec, secondsLeft: e.secondsLeft, ...(e.filters ? { filters: e.filters } : {}) };
      schedule();
      return;
    }
    flush();
    set({
      epochs: [...get().epochs, { epoch: e.epoch, step: e.step, loss: e.loss, accuracy: e.accuracy, valLoss: e.valLoss, valAccuracy: e.valAccuracy }],
      confusion: e.confusion ? { matrix: Array.from(e.confusion), classes: e.classes, epoch: e.epoch } : get().confusion,
      misclassified: e.misclassified.map((m, i) => ({ ...m, picture: e.misclassifiedPictures[i] })),
      ...(e.filters ? { filters: e.filters } : {}),
    });
    // The canvas's feature maps follow the weights, once the person has run a picture.
    const runState = useRunStore.getState();
    if (running && runState.picture && runState.resultKey !== null) {
      void runState.run({ ...running.started, weights: e.checkpoint.weights }, { trainingPreview: true });
    }
    if (running && e.epoch < running.config.epochs) {
      const st = get();
      const view: CheckpointView = { batches: st.batches, epochs: st.epochs, confusion: st.confusion, classNames: st.classNames, totalSteps: st.totalSteps, stepsPerEpoch: st.stepsPerEpoch };
      void saveCheckpoint({
        savedAt: Date.now(), started: running.started, doc: { ...running.started, weights: e.checkpoint.weights },
        epoch: e.checkpoint.epoch, optimizer: e.checkpoint.optimizer, dropoutRandom: e.checkpoint.dropoutRandom, config: running.config, view,
      });
    }
  };

  /** Trains `doc` (from `started`, the graph as the run began) and lands the weights at the end. */
  const run = async (doc: GraphDocument, started: GraphDocument, config: TrainConfig, view: CheckpointView | null) => {
    set({
      status: 'loading', error: null, batches: view?.batches ?? [], epochs: view?.epochs ?? [], confusion: view?.confusion ?? null,
      misclassified: [], step: 0, epoch: 0, imagesPerSec: null, secondsLeft: null, landed: null, checkpoint: null,
    });
    running = { started, config };
    useRunStore.getState().setTrainingActive(true);
    let outcome;
    try {
      const data = await userDataFor(config, get().userDatasets);
      if (!data.ok) {
        running = null;
        useRunStore.getState().setTrainingActive(false);
        return set({ status: 'error', error: { message: data.message } });
      }
      outcome = await getClient().start(doc, config, onEvent, data.value);
    } catch (e) {
      running = null;
      useRunStore.getState().setTrainingActive(false);
      set({ status: 'error', error: { message: e instanceof Error ? e.message : String(e) } });
      return;
    }
    running = null;
    useRunStore.getState().setTrainingActive(false);
    flush();
    void clearCheckpoint();
    if (outcome.weights) {
      const editor = useEditorStore.getState();
      const training = {
        optimizer: config.optimizer, learningRate: config.learningRate, momentum: config.momentum,
        weightDecay: config.weightDecay, batch: config.batch, epochs: config.epochs,
      };
      const { doc: next, skipped } = withTrainedWeights(editor.doc, started, outcome.weights, training);
      editor.replaceDocument(next);
      set({ landed: { steps: outcome.steps, skipped } });
      // The feature maps end on the landed weights. Not left to the last epoch's preview: its
      // event comes through the callback's own channel and may arrive after the run has ended.
      const runState = useRunStore.getState();
      if (runState.picture && runState.resultKey !== null) void runState.run(next);
      void keepRevisionNow('training');
    }
    if (outcome.ok) set({ status: outcome.status, secondsLeft: 0 });
    else set({ status: 'error', error: outcome.error });
  };

  void loadCheckpoint().then((rec) => {
    if (rec && get().status === 'idle') set({ checkpoint: describe(rec) });
  });
  const refreshDatasets = async () => set({ userDatasets: await listDatasets() });
  void refreshDatasets();

  /** Stores what `read` gives and selects it, or says why not; nothing changes on failure. */
  const adding = async (read: () => Promise<AddResult>) => {
    if (get().adding) return;
    set({ adding: { done: 0, total: 0 }, dataMessage: null });
    let r: AddResult;
    try {
      r = await read();
    } catch (e) {
      r = { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    set({ adding: null });
    if (!r.ok) return set({ dataMessage: { tone: 'error', text: `The data was not added: ${r.message}.` } });
    await refreshDatasets();
    set({ settings: { ...get().settings, dataset: `user:${r.summary.id}` }, dataMessage: { tone: 'info', text: `Added "${r.summary.name}" and chose it for training.` } });
  };

  return {
    settings: DEFAULTS,
    status: 'idle',
    error: null,
    batches: [],
    epochs: [],
    confusion: null,
    misclassified: [],
    classNames: [],
    totalSteps: 0,
    stepsPerEpoch: 0,
    step: 0,
    epoch: 0,
    imagesPerSec: null,
    secondsLeft: null,
    trainCount: 0,
    filters: null,
    landed: null,
    checkpoint: null,
    userDatasets: [],
    adding: null,
    dataMessage: null,

    addNpz: (file, doc) => adding(() => addNpzDataset(file, doc)),
    addFolder: (files, doc) => adding(() => addFolderDataset(files, doc, (done, total) => set({ adding: { done, total } }))),
    async addDropped(data, doc) {
      if (data.kind === 'folder') return get().addFolder(data.files, doc);
      if (data.kind === 'npz') return get().addNpz(data.file, doc);
      set({ dataMessage: { tone: 'error', text: `"${data.name}" is not training data: drop a folder with one subfolder per class, or an .npz.` } });
    },
    async removeDataset(id) {
      await deleteDataset(id).catch(() => {});
      if (get().settings.dataset === `user:${id}`) set({ settings: { ...get().settings, dataset: 'mnist' } });
      set({ dataMessage: null });
      await refreshDatasets();
    },

    set(key, value) {
      const settings = { ...get().settings, [key]: value };
      // A new optimizer starts from its usual rate (SGD 0.01, Adam 0.001) unless the rate was changed.
      if (key === 'optimizer' && get().settings.learningRate === defaultLearningRate(get().settings.optimizer)) {
        settings.learningRate = defaultLearningRate(value as OptimizerKind);
      }
      set({ settings });
    },

    async start(doc) {
      const status = get().status;
      if (status === 'loading' || status === 'running' || status === 'paused') return;
      const { settings } = get();
      const config: TrainConfig = { ...settings, momentum: settings.optimizer === 'sgd' ? settings.momentum : 0, seed: useRunStore.getState().seed, resume: null };
      await run(doc, doc, config, null);
    },

    async resumeCheckpoint() {
      const rec = await loadCheckpoint();
      if (!rec) return set({ checkpoint: null });
      const current = useEditorStore.getState().doc;
      if (!sameGraph(current, rec.started)) {
        return set({ error: { message: `the checkpoint is of "${rec.started.name}" as it was when training began; open that graph (or undo the changes) to resume` }, status: 'error' });
      }
      const config = { ...(rec.config as TrainConfig), resume: { epoch: rec.epoch, optimizer: rec.optimizer, dropoutRandom: rec.dropoutRandom } };
      const { resume: _resume, seed: _seed, ...form } = config;
      set({ settings: form });
      await run(rec.doc, rec.started, config, rec.view as CheckpointView);
    },

    discardCheckpoint() {
      set({ checkpoint: null });
      void clearCheckpoint();
    },

    pause() {
      if (get().status !== 'running') return;
      set({ status: 'paused' });
      void getClient().pause();
    },
    resume() {
      if (get().status !== 'paused') return;
      set({ status: 'running' });
      void getClient().resume();
    },
    stop() {
      const s = get().status;
      if (s === 'running' || s === 'paused' || s === 'loading') void getClient().stop();
    },
  };
});

/** "28x28x1, 2 classes, 218 for training (cat: 120, dog: 98), 54 for validation": what a stored dataset holds. */
export function describeDataset(d: DatasetSummary): string {
  const used = d.classNames.map((n, i) => ({ n, count: d.perClass[i] })).filter((c) => c.count > 0);
  const total = used.reduce((a, c) => a + c.count, 0);
  const skipped = d.skipped ? `; ${d.skipped} file${d.skipped === 1 ? '' : 's'} skipped (not an image, damaged, or outside a class folder)` : '';
  return `${d.shape.join('x')}, ${used.length} classes, ${total} for training (${used.map((c) => `${c.n}: ${c.count}`).join(', ')}), ${d.validationCount} for validation${skipped}`;
}

/** The user's dataset a run needs, read from storage; nothing for the built-in ones. */
async function userDataFor(config: TrainConfig, known: readonly DatasetSummary[]): Promise<{ ok: true; value?: UserDataset } | { ok: false; message: string }> {
  if (!config.dataset.startsWith('user:')) return { ok: true };
  const id = config.dataset.slice('user:'.length);
  const summary = known.find((d) => d.id === id) ?? (await listDatasets()).find((d) => d.id === id);
  const arrays = summary ? await loadDatasetArrays(id) : null;
  if (!summary || !arrays) return { ok: false, message: 'that dataset is no longer stored (deleted, or the site data was cleared): add it again' };
  return { ok: true, value: { name: summary.name, shape: summary.shape, classNames: summary.classNames, x: arrays.x, classes: arrays.classes, validationX: arrays.validationX, validationClasses: arrays.validationClasses } };
}

function describe(rec: TrainCheckpointRecord): NonNullable<TrainState['checkpoint']> {
  return { epoch: rec.epoch, epochs: (rec.config as TrainConfig).epochs, name: rec.started.name, savedAt: rec.savedAt };
}

/** The datasets the panel offers, with what they need of the graph. */
export const DATASETS: { id: TrainDatasetKind; label: string }[] = [
  { id: 'mnist', label: 'MNIST digits (Input 28x28x1, 10 classes)' },
  { id: 'shapes', label: 'Shapes: circle, square, triangle (3 classes)' },
  { id: 'stripes', label: 'Stripes by orientation (3 classes)' },
];
