import type { ELK } from 'elkjs/lib/elk.bundled.js';
import type { GraphDocument, Position } from '../../core/graph/types';
import { computeLayeredLayout } from '../../core/layout/layeredLayout';
import { needsLayout } from '../../core/layout/needsLayout';

/** Size assumed for a node the canvas has not measured yet (a freshly loaded preset): a card with a param line. */
export const DEFAULT_NODE_SIZE = { width: 224, height: 79 };

let elkPromise: Promise<ELK> | null = null;

/**
 * ELK is most of the app's JavaScript (about 1.4 MB minified), and only auto-layout and loading a
 * preset need it, so it is fetched on first use instead of with the page.
 */
function loadElk(): Promise<ELK> {
  elkPromise ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  // A failed fetch (offline, a deploy replaced the chunk) is retried on the next call.
  elkPromise.catch(() => { elkPromise = null; });
  return elkPromise;
}

/** Starts fetching ELK now, for a caller that knows a layout is coming (the import worker). */
export function preloadElk(): void {
  loadElk().catch(() => {});
}

/**
 * ELK's layered algorithm, top to bottom. Model order is kept so the inputs of Add/Concatenate
 * stay left-to-right in edge order, and edge labels (the shapes) get room between layers.
 */
const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.nodeNode': '32',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeRouting': 'SPLINES',
};

/**
 * Computes a layered top-to-bottom layout of the document with elkjs; returns the top-left
 * position of every node. `sizes` are the measured node sizes (others use DEFAULT_NODE_SIZE).
 */
export async function computeLayout(
  doc: GraphDocument,
  sizes: Readonly<Record<string, { width: number; height: number }>> = {},
): Promise<Map<string, Position>> {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const elk = await loadElk();
  const result = await elk.layout({
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: doc.nodes.map((n) => ({ id: n.id, ...(sizes[n.id] ?? DEFAULT_NODE_SIZE) })),
    // Dangling edges (a hand-edited file) would make ELK throw; inference reports them instead.
    edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const positions = new Map<string, Position>();
  for (const child of result.children ?? []) positions.set(child.id, { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) });
  return positions;
}

/** The document with every node moved to its layered position. */
export async function layoutDocument(doc: GraphDocument, sizes?: Readonly<Record<string, { width: number; height: number }>>): Promise<GraphDocument> {
  const positions = await computeLayout(doc, sizes);
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) };
}

/**
 * From this many nodes on, a graph laid out on opening gets the fast layered layout: ELK takes
 * seconds on 300 nodes and runs on the main thread, freezing the page while the file opens.
 */
export const FAST_LAYOUT_FROM = 150;

/**
 * A document as it should open from a file, a link or an import: unchanged when its positions are
 * usable, else laid out (needsLayout decides): ELK for small graphs, the fast layered layout for
 * large ones and when ELK cannot be fetched. `unplaced` are the nodes that came without a position.
 */
export async function layoutIfNeeded(doc: GraphDocument, unplaced: readonly string[] = []): Promise<GraphDocument> {
  if (!needsLayout(doc, unplaced, DEFAULT_NODE_SIZE).needed) return doc;
  const fast = (): GraphDocument => {
    const positions = computeLayeredLayout(doc, DEFAULT_NODE_SIZE);
    return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) };
  };
  if (doc.nodes.length >= FAST_LAYOUT_FROM) return fast();
  return layoutDocument(doc).catch(fast);
}
