import type { LayerCategory } from '../core/layers/layerTypes';
import { CARD, FONTS, type DiagramCard, type DiagramEdge, type GraphDiagram } from './graphDiagram';

/** The part of a 2D canvas context the diagram draws with (a recording fake in tests). */
export type DiagramContext = Pick<
  CanvasRenderingContext2D,
  | 'save' | 'restore' | 'beginPath' | 'moveTo' | 'lineTo' | 'bezierCurveTo' | 'closePath' | 'roundRect' | 'arc'
  | 'fill' | 'stroke' | 'fillRect' | 'fillText' | 'clip'
  | 'fillStyle' | 'strokeStyle' | 'lineWidth' | 'font' | 'textAlign' | 'textBaseline'
  | 'shadowColor' | 'shadowBlur' | 'shadowOffsetY'
>;

/** The light theme's colours, the same values as the app's CSS variables (src/styles/app.css). */
export const DIAGRAM_COLORS = {
  background: '#ffffff',
  panel: '#ffffff',
  border: '#dde1e7',
  borderStrong: '#c4cad3',
  text: '#1d232b',
  muted: '#64707d',
  error: '#d23b3b',
  errorSoft: '#fdecec',
  warning: '#c98a0c',
  warningSoft: '#fdf4e1',
  category: {
    Input: '#5b8def',
    Convolution: '#7c5cd6',
    Pooling: '#1f9d8f',
    Core: '#d9822b',
    Reshape: '#6b8e23',
    Merge: '#c2507a',
    unknown: '#8a94a3',
  },
} as const;

/** The category colour; an unknown kind is grey. */
export function categoryColor(category: LayerCategory | null): string {
  return category ? DIAGRAM_COLORS.category[category] : DIAGRAM_COLORS.category.unknown;
}

/** `color-mix(in srgb, colour p%, white)` as a hex colour, for the tinted header like the canvas's. */
export function tintColor(hex: string, percent: number): string {
  const f = percent / 100;
  const channel = (i: number) => Math.round(parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) * f + 255 * (1 - f));
  return `#${[0, 1, 2].map((i) => channel(i).toString(16).padStart(2, '0')).join('')}`;
}

function drawWire(ctx: DiagramContext, edge: DiagramEdge): void {
  const color = edge.label.unknown ? DIAGRAM_COLORS.error : '#8d96a3';
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(edge.from.x, edge.from.y);
  for (const p of edge.pieces) ctx.bezierCurveTo(p.c1.x, p.c1.y, p.c2.x, p.c2.y, p.to.x, p.to.y);
  ctx.stroke();
  // The arrowhead follows the last piece's tangent (its second control point towards its end).
  const last = edge.pieces[edge.pieces.length - 1];
  const dx = last.to.x - last.c2.x;
  const dy = last.to.y - last.c2.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len, uy = dy / len;
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.moveTo(last.to.x, last.to.y);
  ctx.lineTo(last.to.x - 8 * ux - 4.5 * uy, last.to.y - 8 * uy + 4.5 * ux);
  ctx.lineTo(last.to.x - 8 * ux + 4.5 * uy, last.to.y - 8 * uy - 4.5 * ux);
  ctx.closePath();
  ctx.fill();
}

function drawLabel(ctx: DiagramContext, edge: DiagramEdge): void {
  const { label } = edge;
  ctx.fillStyle = DIAGRAM_COLORS.panel;
  ctx.strokeStyle = label.unknown ? DIAGRAM_COLORS.error : DIAGRAM_COLORS.border;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(label.x, label.y, label.width, label.height, 4);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = label.unknown ? DIAGRAM_COLORS.error : DIAGRAM_COLORS.muted;
  ctx.font = FONTS.label;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(label.text, label.x + label.width / 2, label.y + label.height / 2 + 0.5);
}

function drawCard(ctx: DiagramContext, card: DiagramCard): void {
  const { x, y, width: w, height: h } = card;
  const cat = categoryColor(card.category);
  const ring = card.severity === 'error' ? DIAGRAM_COLORS.error : card.severity === 'warning' ? DIAGRAM_COLORS.warning : null;
  if (ring) {
    // The canvas's 2 px soft halo around a card with a problem.
    ctx.fillStyle = card.severity === 'error' ? DIAGRAM_COLORS.errorSoft : DIAGRAM_COLORS.warningSoft;
    ctx.beginPath();
    ctx.roundRect(x - 3, y - 3, w + 6, h + 6, 10);
    ctx.fill();
  }
  ctx.save();
  ctx.shadowColor = 'rgba(16, 24, 40, 0.12)';
  ctx.shadowBlur = 4;
  ctx.shadowOffsetY = 1;
  ctx.fillStyle = DIAGRAM_COLORS.panel;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, 8);
  ctx.fill();
  ctx.restore();

  // Header: tinted, with the category band along its top, clipped to the card's rounded corners.
  ctx.save();
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, 8);
  ctx.clip();
  ctx.fillStyle = tintColor(cat, 9);
  ctx.fillRect(x, y, w, CARD.headerHeight);
  ctx.fillStyle = cat;
  ctx.fillRect(x, y, w, 4);
  ctx.fillStyle = DIAGRAM_COLORS.border;
  ctx.fillRect(x, y + CARD.headerHeight - 1, w, 1);
  ctx.restore();

  ctx.strokeStyle = ring ?? DIAGRAM_COLORS.borderStrong;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(x + 0.5, y + 0.5, w - 1, h - 1, 8);
  ctx.stroke();

  const left = x + CARD.padX;
  const right = x + w - CARD.padX;
  const headerBaseline = y + 19;
  ctx.textBaseline = 'alphabetic';
  let kindRight = right;
  if (ring) {
    ctx.fillStyle = ring;
    ctx.beginPath();
    ctx.arc(right - 8, y + 15, 8, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.font = '700 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText('!', right - 8, headerBaseline - 0.5);
    kindRight = right - 22;
  }
  ctx.textAlign = 'right';
  ctx.font = FONTS.kind;
  ctx.fillStyle = DIAGRAM_COLORS.muted;
  if (card.kind) ctx.fillText(card.kind, kindRight, headerBaseline);
  ctx.textAlign = 'left';
  ctx.font = FONTS.name;
  ctx.fillStyle = DIAGRAM_COLORS.text;
  ctx.fillText(card.name, left, headerBaseline);

  if (card.paramLine) {
    ctx.font = FONTS.params;
    ctx.fillStyle = DIAGRAM_COLORS.muted;
    ctx.fillText(card.paramLine, left, y + CARD.paramBaseline);
  }
  const footer = y + (card.paramLine ? CARD.footerBaseline : CARD.paramBaseline + 1);
  const messageTop = footer + CARD.baseHeight - CARD.footerBaseline + 2;
  ctx.font = FONTS.shape;
  ctx.fillStyle = card.severity === 'error' ? DIAGRAM_COLORS.error : DIAGRAM_COLORS.text;
  ctx.fillText(card.shape, left, footer);
  if (card.paramCount) {
    ctx.textAlign = 'right';
    ctx.font = FONTS.count;
    ctx.fillStyle = DIAGRAM_COLORS.muted;
    ctx.fillText(card.paramCount, right, footer);
    ctx.textAlign = 'left';
  }
  if (card.messageLines.length) {
    ctx.font = FONTS.message;
    ctx.fillStyle = ring ?? DIAGRAM_COLORS.muted;
    card.messageLines.forEach((text, i) => ctx.fillText(text, left, messageTop + i * CARD.messageLine));
  }
}

/**
 * Paints the laid-out diagram at 1 unit = 1 CSS px (the caller scales for the device pixel ratio):
 * white ground, title, wires under the cards, cards, shape labels on top, and the footer.
 */
export function drawGraphDiagram(ctx: DiagramContext, d: GraphDiagram): void {
  ctx.fillStyle = DIAGRAM_COLORS.background;
  ctx.fillRect(0, 0, d.width, d.height);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.font = FONTS.title;
  ctx.fillStyle = DIAGRAM_COLORS.text;
  ctx.fillText(d.title.text, d.title.x, d.title.y);
  for (const e of d.edges) drawWire(ctx, e);
  for (const c of d.cards) drawCard(ctx, c);
  for (const e of d.edges) drawLabel(ctx, e);

  ctx.fillStyle = DIAGRAM_COLORS.border;
  ctx.fillRect(d.title.x, d.footer.y - 26, d.width - 2 * d.title.x, 1);
  ctx.font = FONTS.footer;
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = DIAGRAM_COLORS.muted;
  ctx.textAlign = 'left';
  ctx.fillText(d.footer.totals, d.title.x, d.footer.y);
  ctx.textAlign = 'right';
  ctx.fillText(d.footer.app, d.width - d.title.x, d.footer.y);
  ctx.textAlign = 'left';
}
