import { wrap } from 'comlink';
import type { GraphDocument } from '../../core/graph/types';
import type { LayoutApi } from '../../worker/layoutApi';

/** A layout worker started ahead of its one job, so ELK loads while the caller does other work. */
export interface LayoutWorker {
  /** `doc` with every node at ELK's position (weights kept, not sent); `doc` itself when ELK fails. Ends the worker. */
  layOut(doc: GraphDocument): Promise<GraphDocument>;
  /** Ends the worker unused. */
  end(): void;
}

export function startLayoutWorker(): LayoutWorker {
  const worker = new Worker(new URL('../../worker/layoutWorker.ts', import.meta.url), { type: 'module' });
  const api = wrap<LayoutApi>(worker);
  const failed = new Promise<null>((resolve) => worker.addEventListener('error', () => resolve(null)));
  return {
    async layOut(doc) {
      try {
        const { weights: _weights, ...structure } = doc;
        const positions = await Promise.race([api.layout(structure), failed]);
        if (!positions) return doc;
        return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: positions[n.id] ?? n.position })) };
      } catch {
        return doc;
      } finally {
        worker.terminate();
      }
    },
    end: () => worker.terminate(),
  };
}
