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
 * The zoom a framed graph gets when it cannot be shown whole. Node names and shapes are 13px, so
 * at 0.85 they are still 11px on screen; a graph too big for the canvas even at FRAME_MIN_ZOOM is
 * shown from its top at this zoom instead of shrunk further (the user can still zoom out).
 */
export const READABLE_ZOOM = 0.85;
/**
 * The lowest zoom framing uses: a graph that fits whole between this and READABLE_ZOOM (the
 * four-branch Inception module in a 1440 px window) is shown whole, its 13px text at 9px.
 */
export const FRAME_MIN_ZOOM = 0.7;
/** Framing never magnifies: small graphs show at 100 %. */
export const FRAME_MAX_ZOOM = 1;
/** Screen pixels kept free around a framed graph. */
export const FRAME_PADDING = 24;

/**
 * The canvas's corner overlays in screen pixels, margins included: React Flow's MiniMap
 * (168x120 plus its 15 px margin) bottom-right and the zoom Controls (four 26 px buttons plus the
 * margin) bottom-left. Framed nodes are kept out from under them.
 */
export interface Overlays { bottomLeft: Size; bottomRight: Size }
export const CANVAS_OVERLAYS: Overlays = { bottomLeft: { width: 46, height: 140 }, bottomRight: { width: 188, height: 140 } };

/** The box of one node, from its position and measured (or assumed) size; null for an unknown id. */
export function computeNodeRect(doc: GraphDocument, measured: MeasuredSizes, id: string): Rect | null {
  const node = doc.nodes.find((n) => n.id === id);
  if (!node) return null;
  const size = measured[id] ?? DEFAULT_NODE_SIZE;
  return { x: node.position.x, y: node.position.y, width: size.width, height: size.height };
}

/** The box of every node, from its position and measured (or assumed) size. */
export function collectNodeRects(doc: GraphDocument, measured: MeasuredSizes): Rect[] {
  return doc.nodes.map((n) => {
    const size = measured[n.id] ?? DEFAULT_NODE_SIZE;
    return { x: n.position.x, y: n.position.y, width: size.width, height: size.height };
  });
}

/** The smallest box around `rects`; null for none. */
export function computeBounds(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rects) {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * The screen areas free of the corner overlays, largest first in each direction: above both, the
 * full-height band between them, and the two L-shaped compromises (right of the Controls above
 * the MiniMap, left of the MiniMap above the Controls). Each is inset by `padding`.
 */
export function computeFreeAreas(canvas: Size, overlays: Overlays, padding = FRAME_PADDING): Rect[] {
  const { bottomLeft: bl, bottomRight: br } = overlays;
  const area = (left: number, right: number, bottom: number): Rect => ({
    x: left + padding, y: padding,
    width: Math.max(1, canvas.width - left - right - 2 * padding), height: Math.max(1, canvas.height - bottom - 2 * padding),
  });
  return [
    area(0, 0, Math.max(bl.height, br.height)),
    area(bl.width, br.width, 0),
    area(bl.width, 0, br.height),
    area(0, br.width, bl.height),
  ];
}

/**
 * Frames a graph so its text stays readable and no node sits under the MiniMap or Controls:
 *
 * - the whole graph, when it fits in a free area (computeFreeAreas) at FRAME_MIN_ZOOM or more
 *   (never above 100 %), as near the canvas centre as that area allows;
 * - otherwise, from the top: at the zoom that fits its width between the overlays if that is
 *   within [FRAME_MIN_ZOOM, READABLE_ZOOM], else at READABLE_ZOOM, centred on the box of the rows
 *   that are on screen (not one node, so a four-branch row shows its middle), while keeping the
 *   top-most node on screen.
 */
export function computeReadableViewport(rects: readonly Rect[], canvas: Size, overlays: Overlays = CANVAS_OVERLAYS, padding = FRAME_PADDING): Viewport {
  const bounds = computeBounds(rects) ?? { x: 0, y: 0, width: 1, height: 1 };
  const bw = Math.max(1, bounds.width);
  const bh = Math.max(1, bounds.height);
  const areas = computeFreeAreas(canvas, overlays, padding);
  const centre = { x: canvas.width / 2, y: canvas.height / 2 };
  const fits = areas.map((a) => Math.min(FRAME_MAX_ZOOM, a.width / bw, a.height / bh));
  const zoom = Math.max(...fits);

  if (zoom >= FRAME_MIN_ZOOM) {
    // Of the areas the graph fits in at this zoom, the one that moves it least from the centre.
    let best: { x: number; y: number; shift: number } | null = null;
    areas.forEach((a, i) => {
      if (fits[i] < zoom - 1e-9) return;
      const w = bw * zoom;
      const h = bh * zoom;
      const x = clamp(centre.x - w / 2, a.x, a.x + a.width - w);
      const y = clamp(centre.y - h / 2, a.y, a.y + a.height - h);
      const shift = Math.hypot(x - (centre.x - w / 2), y - (centre.y - h / 2));
      if (!best || shift < best.shift - 1e-9) best = { x, y, shift };
    });
    const placed = best as unknown as { x: number; y: number };
    return { x: placed.x - bounds.x * zoom, y: placed.y - bounds.y * zoom, zoom };
  }

  // Too big to show whole: show the top, as wide as fits between the overlays.
  const band = areas[1];
  const widthZoom = band.width / bw;
  const z = widthZoom >= FRAME_MIN_ZOOM && widthZoom < READABLE_ZOOM ? widthZoom : READABLE_ZOOM;
  const visibleBottom = bounds.y + (canvas.height - 2 * padding) / z;
  const rows = computeBounds(rects.filter((r) => r.y < visibleBottom)) ?? bounds;
  const top = rects.reduce((a, r) => (r.y < a.y ? r : a), rects[0] ?? bounds);
  let left: number;
  if (rows.width * z <= band.width) left = clamp(centre.x - (rows.width * z) / 2, band.x, band.x + band.width - rows.width * z);
  else {
    left = centre.x - (rows.width / 2) * z;
    // Keep the top-most node (the Input, in a laid-out graph) on screen.
    const topLeft = left + (top.x - rows.x) * z;
    const topRight = topLeft + top.width * z;
    if (topLeft < padding) left += padding - topLeft;
    else if (topRight > canvas.width - padding) left -= topRight - (canvas.width - padding);
  }
  const x = left - rows.x * z;
  // A short row too wide for the canvas sits above the overlays if it fits there, else at the top.
  const above = areas[0];
  const y = bh * z <= above.height ? above.y + (above.height - bh * z) / 2 - bounds.y * z : padding - bounds.y * z;
  return { x, y, zoom: z };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
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

/** Whether any of `rects` (flow coordinates) overlaps the canvas as `viewport` shows it: when none does, the person sees an empty canvas. */
export function anyRectVisible(rects: readonly Rect[], viewport: Viewport, canvas: Size): boolean {
  const left = -viewport.x / viewport.zoom;
  const top = -viewport.y / viewport.zoom;
  const right = left + canvas.width / viewport.zoom;
  const bottom = top + canvas.height / viewport.zoom;
  return rects.some((r) => r.x < right && r.x + r.width > left && r.y < bottom && r.y + r.height > top);
}
