import { wrap } from 'comlink';
import type { ExportOptions } from '../../core/export/targets';
import type { GraphDocument } from '../../core/graph/types';
import type { ExportApi, ExportResponse } from '../../worker/exportApi';

/** The worker's failure when it dies (out of memory) or throws: a message, never a hang. */
export type ExportOutcome = ExportResponse | { ok: false; target: string; code: 'failed'; message: string };

/**
 * Runs one export in a worker started for it and ended after it, so VGG-16's weights and the
 * bundle never stay in the page's memory and the canvas stays live while it runs.
 */
export async function exportInWorker(doc: GraphDocument, targetId: string, label: string, options: ExportOptions): Promise<ExportOutcome> {
  const worker = new Worker(new URL('../../worker/exportWorker.ts', import.meta.url), { type: 'module' });
  const failed = new Promise<ExportOutcome>((resolve) => {
    worker.addEventListener('error', (e) => resolve({ ok: false, target: label, code: 'failed', message: `the export stopped: ${e.message || 'the worker failed (out of memory?)'}` }));
  });
  try {
    const api = wrap<ExportApi>(worker);
    return await Promise.race([api.exportGraph(doc, targetId, options), failed]);
  } catch (err) {
    return { ok: false, target: label, code: 'failed', message: `the export failed: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    worker.terminate();
  }
}
