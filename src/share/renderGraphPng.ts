import type { GraphDocument } from '../core/graph/types';
import { embedGraphInPng } from './pngGraph';

/** What the picture shows under each node's name: kind and output shape, supplied by the caller. */
export type NodeCaption = (nodeId: string) => string;

const NODE_W = 200;
const NODE_H = 64;
const MARGIN = 40;
const MAX_SIDE = 4096;

/**
 * Draws the graph as a clean diagram on a 2D canvas (boxes with name and caption, edges as
 * curves from bottom to top, the graph name as a title), straight from the document: no DOM
 * snapshot, so it works whatever the viewport shows. Returns PNG bytes.
 */
export async function renderGraphPng(doc: GraphDocument, caption: NodeCaption): Promise<Uint8Array> {
  const xs = doc.nodes.map((n) => n.position.x);
  const ys = doc.nodes.map((n) => n.position.y);
  const minX = xs.length ? Math.min(...xs) : 0;
  const minY = ys.length ? Math.min(...ys) : 0;
  const width = (xs.length ? Math.max(...xs) - minX : 0) + NODE_W + 2 * MARGIN;
  const height = (ys.length ? Math.max(...ys) - minY : 0) + NODE_H + 2 * MARGIN + 40;
  const scale = Math.min(2, MAX_SIDE / width, MAX_SIDE / height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#1f2937';
  ctx.font = '600 18px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.fillText(doc.name, MARGIN, 14, width - 2 * MARGIN);

  const at = new Map(doc.nodes.map((n) => [n.id, { x: n.position.x - minX + MARGIN, y: n.position.y - minY + MARGIN + 40 }]));
  ctx.strokeStyle = '#64748b';
  ctx.lineWidth = 1.5;
  for (const e of doc.edges) {
    const s = at.get(e.source);
    const t = at.get(e.target);
    if (!s || !t) continue;
    const x1 = s.x + NODE_W / 2, y1 = s.y + NODE_H, x2 = t.x + NODE_W / 2, y2 = t.y;
    const bend = Math.max(30, Math.abs(y2 - y1) / 2);
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.bezierCurveTo(x1, y1 + bend, x2, y2 - bend, x2, y2);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x2, y2);
    ctx.lineTo(x2 - 5, y2 - 8);
    ctx.lineTo(x2 + 5, y2 - 8);
    ctx.closePath();
    ctx.fillStyle = '#64748b';
    ctx.fill();
  }
  for (const n of doc.nodes) {
    const p = at.get(n.id)!;
    ctx.fillStyle = '#f8fafc';
    ctx.strokeStyle = '#334155';
    ctx.beginPath();
    ctx.roundRect(p.x, p.y, NODE_W, NODE_H, 8);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = '#0f172a';
    ctx.font = '600 14px system-ui, sans-serif';
    ctx.fillText(n.name, p.x + 10, p.y + 10, NODE_W - 20);
    ctx.fillStyle = '#475569';
    ctx.font = '12px ui-monospace, monospace';
    ctx.fillText(caption(n.id), p.x + 10, p.y + 36, NODE_W - 20);
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The browser could not encode the picture as PNG.');
  return new Uint8Array(await blob.arrayBuffer());
}

/** The diagram as a PNG with the document (weights included) inside, ready to download or drop back. */
export async function exportGraphPng(doc: GraphDocument, caption: NodeCaption): Promise<Uint8Array> {
  return embedGraphInPng(await renderGraphPng(doc, caption), doc);
}
