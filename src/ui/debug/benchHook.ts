import { useEditorStore } from '../editor/store';
import { generateGraph } from './generateGraph';

/** The hidden performance hook on `window.__cnnBench` (used by the browser test; harmless otherwise). */
export interface CnnBench {
  /** Loads a generated valid graph of about n nodes; resolves with its node count. */
  loadGenerated(n: number): number;
  /**
   * Changes `filters` of the first Conv2D (the change ripples through every shape below it) and
   * resolves with the milliseconds from the store action until the frame after it was painted.
   */
  setParamAndMeasure(): Promise<number>;
  /** Changes `filters` of the Conv2D with this id (default: the first), measured like setParamAndMeasure. */
  setParamAndMeasureOn(nodeId: string): Promise<number>;
  /** The same change, split: the synchronous store action (inference + subscribers) and the whole time to the painted frame. */
  setParamAndMeasureDetailed(nodeId?: string): Promise<{ syncMs: number; totalMs: number }>;
}

declare global {
  interface Window { __cnnBench?: CnnBench }
}

/** Installs `window.__cnnBench`. */
export function installBenchHook(): void {
  window.__cnnBench = {
    loadGenerated(n) {
      const doc = generateGraph(n);
      useEditorStore.getState().loadDocument(doc);
      return doc.nodes.length;
    },
    async setParamAndMeasure() {
      return (await this.setParamAndMeasureDetailed()).totalMs;
    },
    async setParamAndMeasureOn(nodeId) {
      return (await this.setParamAndMeasureDetailed(nodeId)).totalMs;
    },
    setParamAndMeasureDetailed(nodeId?: string) {
      const store = useEditorStore.getState();
      const conv = store.doc.nodes.find((node) => node.kind === 'Conv2D' && (nodeId === undefined || node.id === nodeId));
      if (!conv) return Promise.reject(new Error('No Conv2D in the graph to change'));
      const filters = conv.params.filters === 16 ? 17 : 16;
      return new Promise((resolve) => {
        const t0 = performance.now();
        store.setParam(conv.id, 'filters', filters);
        store.sealEdit();
        const syncMs = performance.now() - t0;
        // rAF runs before the next paint; the timeout after it runs once that paint is done.
        requestAnimationFrame(() => setTimeout(() => resolve({ syncMs, totalMs: performance.now() - t0 }), 0));
      });
    },
  };
}
