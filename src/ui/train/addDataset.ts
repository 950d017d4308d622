import type { GraphDocument } from '../../core/graph/types';
import { inferShapes } from '../../core/shape/inferShapes';
import type { Dataset } from '../../core/train/data/dataset';
import { classOfPath, datasetFromImages, type FolderImage } from '../../core/train/data/imageFolder';
import { npzDataset } from '../../core/train/data/npzDataset';
import { splitValidation } from '../../core/train/data/split';
import { addDataset, type DatasetSummary } from '../../store/trainDatasets';
import { decodeImageFile } from '../run/inputSources';
import type { FolderFile } from './droppedData';

/** A fifth of each class validates a dataset that brings no validation part of its own. */
const VALIDATION_FRACTION = 0.2;
/** The most images one folder may bring (a larger set belongs in an .npz or the CLI). */
export const MAX_FOLDER_IMAGES = 20_000;
const IMAGE_NAME = /\.(png|jpe?g|gif|webp|bmp)$/i;

export type AddResult = { ok: true; summary: DatasetSummary } | { ok: false; message: string };

/** The graph's (only) Input shape and output size, which a dataset is fitted to. */
function graphShapes(doc: GraphDocument): { input: number[]; outputSize: number } | { message: string } {
  const inputs = doc.nodes.filter((n) => n.kind === 'Input');
  if (inputs.length !== 1) return { message: `training needs a graph with one Input; this one has ${inputs.length}` };
  const inference = inferShapes(doc);
  const input = inference.nodes.get(inputs[0].id)?.outputShape;
  const read = new Set(doc.edges.map((e) => e.source));
  const outputs = doc.nodes.filter((n) => !read.has(n.id) && n.kind !== 'Input');
  const out = outputs.length === 1 ? inference.nodes.get(outputs[0].id)?.outputShape : null;
  if (!input || !out) return { message: 'the graph\'s shapes have errors (see Diagnostics): fix them before adding data for it' };
  return { input: [...input], outputSize: out.reduce((a, b) => a * b, 1) };
}

/** Stores `train` (split for validation unless `validation` is given) under `name`. */
async function store(name: string, source: DatasetSummary['source'], shape: number[], train: Dataset, validation: Dataset | null, classNames: string[], skipped: number): Promise<AddResult> {
  const parts = validation ? { train, validation } : splitValidation(train, VALIDATION_FRACTION, 0);
  const classesOf = (d: Dataset) => (d.targets.kind === 'classes' ? d.targets.classes : new Int32Array(0));
  const perClass = classNames.map(() => 0);
  for (const k of classesOf(parts.train)) perClass[k]++;
  const r = await addDataset(
    { name, source, shape, classNames, perClass, validationCount: parts.validation.count, skipped },
    { x: parts.train.x, classes: classesOf(parts.train), validationX: parts.validation.x, validationClasses: classesOf(parts.validation) },
  );
  return r.ok ? { ok: true, summary: r.value } : r;
}

/** An .npz (x and y, or x_train, y_train with x_test, y_test) for this graph's Input and output. */
export async function addNpzDataset(file: File, doc: GraphDocument): Promise<AddResult> {
  const shapes = graphShapes(doc);
  if ('message' in shapes) return { ok: false, message: shapes.message };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const r = npzDataset(bytes, shapes.input, [shapes.outputSize], 'cross-entropy', file.name);
  if (!r.ok) return r;
  const classNames = Array.from({ length: shapes.outputSize }, (_, i) => String(i));
  return store(file.name.replace(/\.npz$/i, ''), 'npz', shapes.input, r.train, r.validation, classNames, 0);
}

/**
 * A picked folder with one subfolder per class. Images are decoded one by one (the page keeps
 * painting) and fitted to the Input; files that are not images or do not decode are counted.
 */
export async function addFolderDataset(files: readonly FolderFile[], doc: GraphDocument, onProgress: (done: number, total: number) => void): Promise<AddResult> {
  const shapes = graphShapes(doc);
  if ('message' in shapes) return { ok: false, message: shapes.message };
  const candidates = files.map((f) => ({ file: f.file, className: classOfPath(f.path) }));
  const inClasses = candidates.filter((c): c is { file: File; className: string } => c.className !== null && IMAGE_NAME.test(c.file.name));
  if (inClasses.length > MAX_FOLDER_IMAGES) return { ok: false, message: `the folder has ${inClasses.length.toLocaleString('en-US')} images; at most ${MAX_FOLDER_IMAGES.toLocaleString('en-US')} can be added here (save a larger set as an .npz)` };
  const images: FolderImage[] = [];
  let slice = performance.now();
  for (const [i, c] of inClasses.entries()) {
    const decoded = await decodeImageFile(c.file, c.file.name);
    images.push({ className: c.className, picture: decoded.ok ? decoded.value : null });
    if (performance.now() - slice > 100) {
      onProgress(i + 1, inClasses.length);
      slice = performance.now();
    }
  }
  const built = datasetFromImages(images, shapes.input, shapes.outputSize);
  if (!built.ok) return built;
  const root = (files[0]?.path ?? '').split('/')[0] || 'images';
  const skipped = built.skipped + (files.length - inClasses.length);
  return store(root, 'folder', shapes.input, built.data, null, built.data.classNames!, skipped);
}
