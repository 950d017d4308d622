import type { Picture } from '../../imaging/picture';
import { shapeInput } from '../../imaging/shapeInput';
import type { Dataset } from './dataset';

/**
 * A folder of images with one subfolder per class, as torchvision's ImageFolder and Keras'
 * image_dataset_from_directory read it: `root/cat/1.png` is class "cat". Classes are numbered in
 * name order, as both do.
 */

/** The class of a file from its path inside the picked folder (`webkitRelativePath`), or null for a file outside any class folder. */
export function classOfPath(relativePath: string): string | null {
  const parts = relativePath.split('/').filter(Boolean);
  // root/class/file: the class is the folder the file sits in; a file directly in root has none.
  return parts.length >= 3 ? parts[parts.length - 2] : null;
}

/** One file of the folder: its class and what decoding it gave. */
export interface FolderImage { className: string; picture: Picture | null }

export type ImageFolderResult =
  | { ok: true; data: Dataset; perClass: number[]; skipped: number }
  | { ok: false; message: string };

/**
 * The dataset of the decoded images, each fitted to the Input (centre crop and resize, grayscale or
 * RGB, values 0..1 as for any picture the app runs). Files that did not decode are counted in
 * `skipped`, not fatal; a set with fewer than two classes or an Input that is not an image is refused.
 */
export function datasetFromImages(images: readonly FolderImage[], inputShape: readonly number[], outputSize: number): ImageFolderResult {
  if (inputShape.length !== 3 || (inputShape[2] !== 1 && inputShape[2] !== 3)) {
    return { ok: false, message: `a folder of images needs an image Input [H, W, 1] or [H, W, 3]; this Input is [${inputShape.join(', ')}]` };
  }
  const decoded = images.filter((i): i is FolderImage & { picture: Picture } => i.picture !== null);
  const classNames = [...new Set(decoded.map((i) => i.className))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const skipped = images.length - decoded.length;
  if (decoded.length === 0) return { ok: false, message: `no image in the folder could be read (${skipped} file${skipped === 1 ? '' : 's'} skipped): it needs one subfolder per class with PNG, JPEG, GIF, WebP or BMP files` };
  if (classNames.length < 2) return { ok: false, message: `the folder has one class ("${classNames[0]}"): it needs a subfolder per class, at least two` };
  if (classNames.length > outputSize) {
    return { ok: false, message: `the folder has ${classNames.length} classes (${classNames.slice(0, 6).join(', ')}${classNames.length > 6 ? ', ...' : ''}); the output gives ${outputSize} values: it needs one per class` };
  }
  const perSample = inputShape[0] * inputShape[1] * inputShape[2];
  const x = new Float32Array(decoded.length * perSample);
  const classes = new Int32Array(decoded.length);
  const perClass = classNames.map(() => 0);
  const index = new Map(classNames.map((n, i) => [n, i]));
  for (let k = 0; k < decoded.length; k++) {
    const shaped = shapeInput(decoded[k].picture, inputShape, 'of the graph');
    if (!shaped.ok) return { ok: false, message: shaped.error.message };
    x.set(shaped.data, k * perSample);
    classes[k] = index.get(decoded[k].className)!;
    perClass[classes[k]]++;
  }
  return { ok: true, data: { x, targets: { kind: 'classes', classes }, count: decoded.length, perSample, classNames }, perClass, skipped };
}
