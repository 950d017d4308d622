import { readGraphFile } from '../../share/files';
import { readRevision } from '../../store/library';
import { importOnnxInWorker, isOnnxFile } from '../persistence/onnxImportClient';
import { dismissBanner, showBanner, usePersistenceStore } from '../persistence/persistenceStore';
import { startCompare } from './compareStore';

/** Compares the open graph with one of its revisions (read from the library). */
export async function compareWithRevision(revisionId: number, created: number): Promise<boolean> {
  const db = usePersistenceStore.getState().db;
  const doc = db ? await readRevision(db, revisionId) : null;
  if (!doc) {
    showBanner({ id: 'load-error', tone: 'error', text: 'That revision could not be read.' });
    return false;
  }
  startCompare(doc, `the revision of ${new Date(created).toLocaleString()}`);
  return true;
}

/**
 * Compares the open graph with a graph file (a .cnn.json, a PNG exported here, or an .onnx
 * model), read through the same gate as opening one; the file is not added to the library.
 */
export async function compareWithFile(file: File): Promise<boolean> {
  const read = isOnnxFile(file) ? await importOnnxInWorker(file, false).then(async (r) => (r.ok ? { ...r, doc: await r.laidOut } : r)) : await readGraphFile(file);
  if (!read.ok) {
    const reason = 'error' in read ? read.error.message : read.message;
    showBanner({ id: 'load-error', tone: 'error', text: `"${file.name}" cannot be compared: ${reason}` });
    return false;
  }
  dismissBanner('load-error');
  startCompare(read.doc, `"${file.name}"`);
  return true;
}
