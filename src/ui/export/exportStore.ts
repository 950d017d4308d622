import { create } from 'zustand';
import type { ExportOptions } from '../../core/export/targets';
import { downloadFile } from '../../share/files';
import { useEditorStore } from '../editor/store';
import { useRunStore } from '../run/runStore';
import type { ExportChoice } from './exportChoices';
import { exportInWorker, type ExportOutcome } from './exportClient';

/** Why the last export did not happen, for the dialog that names each node. */
export type ExportProblem = Extract<ExportOutcome, { ok: false }>;

interface ExportState {
  /** The export running now (the menu says so and takes no second one). */
  busy: ExportChoice | null;
  problem: ExportProblem | null;
  /** The last download: its name, size and time in the worker (ms), for the status line and tests. */
  last: { fileName: string; bytes: number; ms: number } | null;
}

export const useExportStore = create<ExportState>()(() => ({ busy: null, problem: null, last: null }));

/**
 * The options of an export from the app: the graph's own weights, and for layers without any the
 * seeded ones the Run panel uses (its seed), so the exported model computes what Run shows.
 */
export function appExportOptions(choice: ExportChoice): ExportOptions {
  return { weights: 'document', seed: useRunStore.getState().seed, ...(choice.layout ? { layout: choice.layout } : {}) };
}

/** Exports the current document in a worker and downloads the file, or keeps the reasons it could not. */
export async function startExport(choice: ExportChoice): Promise<void> {
  if (useExportStore.getState().busy) return;
  const doc = useEditorStore.getState().doc;
  useExportStore.setState({ busy: choice, problem: null });
  try {
    const result = await exportInWorker(doc, choice.targetId, choice.label, appExportOptions(choice));
    if (!result.ok) {
      useExportStore.setState({ problem: result });
      return;
    }
    downloadFile(result.bytes, result.fileName, result.mime);
    useExportStore.setState({ last: { fileName: result.fileName, bytes: result.bytes.length, ms: result.ms } });
    useEditorStore.getState().showNotice(`Exported ${result.fileName} (${formatBytes(result.bytes.length)})`, 'info');
  } finally {
    useExportStore.setState({ busy: null });
  }
}

/** Closes the reasons dialog. */
export function dismissExportProblem(): void {
  useExportStore.setState({ problem: null });
}

function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} kB` : `${n} bytes`;
}
