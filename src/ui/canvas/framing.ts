import type { GraphDocument } from '../../core/graph/types';
import type { MeasuredSizes } from '../editor/store';
import { DEFAULT_NODE_SIZE } from '../layout/autoLayout';

/** An axis-aligned box in flow coordinates. */
export interface Rect { x: number; y: number; width: number; height: number }
/** React Flow's viewport: screen = flow * zoom + (x, y). */
export interface Viewport { x: number; y: number; zoom: number }
/** The canvas element's size in screen pixels. */
export interface Size { width: number; height: number }

/**
 * The lowest zoom a framed graph gets. Node names and shapes are 13px, so at 0.85 they are still
 * 11px on screen; a graph too big for the canvas at this zoom is shown from its top instead of
 * shrunk further (the user can still zoom out).
 */
export const READABLE_ZOOM = 0.85;
/** Framing never magnifies: small graphs show at 100 %. */
export const FRAME_MAX_ZOOM = 1;
/** Screen pixels kept free around a framed graph. */
export const FRAME_PADDING = 24;

/** The box of one node, from its position and measured (or assumed) size; null for an unknown id. */
export function computeNodeRect(doc: GraphDocument, measured: MeasuredSizes, id: string): Rect | null {
  const node = doc.nodes.find((n) => n.id === id);
  if (!node) return null;
  const size = measured[id] ?? DEFAULT_NODE_SIZE;
  return { x: node.position.x, y: node.position.y, width: size.width, height: size.height };
}

/**
 * The box around every node, plus the box of the top-most node (the Input, in a laid-out graph),
 * which a graph too wide for the canvas is centred on. Null for an empty graph.
 */
export function computeGraphBounds(doc: GraphDocument, measured: MeasuredSizes): { bounds: Rect; top: Rect } | null {
  if (doc.nodes.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let top: Rect | null = null;
  for (const n of doc.nodes) {
    const size = measured[n.id] ?? DEFAULT_NODE_SIZE;
    minX = Math.min(minX, n.position.x);
    minY = Math.min(minY, n.position.y);
    maxX = Math.max(maxX, n.position.x + size.width);
    maxY = Math.max(maxY, n.position.y + size.height);
    if (!top || n.position.y < top.y) top = { x: n.position.x, y: n.position.y, width: size.width, height: size.height };
  }
  return { bounds: { x: minX, y: minY, width: maxX - minX, height: maxY - minY }, top: top! };
}

/**
 * Frames a graph so its text stays readable: the whole graph, centred, when it fits at
 * READABLE_ZOOM or more (never above 100 %); otherwise READABLE_ZOOM with the top of the graph at
 * the top of the canvas, centred on the graph if it is narrow enough, else on the top-most node.
 */
export function computeReadableViewport(bounds: Rect, top: Rect, canvas: Size, padding = FRAME_PADDING): Viewport {
  const roomW = Math.max(1, canvas.width - 2 * padding);
  const roomH = Math.max(1, canvas.height - 2 * padding);
  const fit = Math.min(roomW / Math.max(1, bounds.width), roomH / Math.max(1, bounds.height));
  const zoom = Math.min(FRAME_MAX_ZOOM, Math.max(READABLE_ZOOM, fit));
  const fitsWide = bounds.width * zoom <= roomW;
  const fitsTall = bounds.height * zoom <= roomH;
  const centreX = fitsWide ? bounds.x + bounds.width / 2 : top.x + top.width / 2;
  const x = canvas.width / 2 - centreX * zoom;
  const y = fitsTall ? canvas.height / 2 - (bounds.y + bounds.height / 2) * zoom : padding - bounds.y * zoom;
  return { x, y, zoom };
}

/**
 * Centres one node in the canvas (a clicked diagnostic or summary row), zooming in to
 * READABLE_ZOOM if the view is further out, and otherwise keeping the user's zoom.
 */
export function computeCentredViewport(rect: Rect, canvas: Size, currentZoom: number): Viewport {
  const zoom = Math.min(Math.max(currentZoom, READABLE_ZOOM), 2);
  return {
    x: canvas.width / 2 - (rect.x + rect.width / 2) * zoom,
    y: canvas.height / 2 - (rect.y + rect.height / 2) * zoom,
    zoom,
  };
}
