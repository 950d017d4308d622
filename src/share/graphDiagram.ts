import type { GraphDocument } from '../core/graph/types';
import type { LayerCategory } from '../core/layers/layerTypes';
import { describeNodeCard } from '../core/card/describeNodeCard';
import type { GraphInference, Severity } from '../core/shape/types';
import { formatCount, formatMacs, formatShape } from '../core/format';
import { summarize } from '../core/summary/summarize';

/** Measures a text's width in px in a CSS font (a canvas's measureText in the browser). */
export type MeasureText = (text: string, font: string) => number;

/** A point in diagram px. */
export interface DiagramPoint { x: number; y: number }
/** One cubic Bézier piece from the previous end through c1, c2 to `to`. */
export interface DiagramCubic { c1: DiagramPoint; c2: DiagramPoint; to: DiagramPoint }

/** One layer as a card: what it says and where it sits. */
export interface DiagramCard {
  id: string;
  x: number; y: number; width: number; height: number;
  name: string;
  /** The kind beside the name, empty when it equals the name ("Flatten Flatten" is a stutter). */
  kind: string;
  /** null for a kind this version does not know. */
  category: LayerCategory | null;
  /** The registry's compact param line, e.g. `6 @ 5x5 · s1 · valid · tanh`. */
  paramLine: string;
  /** The output shape, `28x28x6` or `?`. */
  shape: string;
  /** `2,416 params`, or empty for a layer without any. */
  paramCount: string;
  severity: Severity | null;
  /** The first problem's message, wrapped to the card's width (at most MESSAGE_MAX_LINES lines). */
  messageLines: string[];
}

/** A wire with the shape it carries written on it. */
export interface DiagramEdge {
  id: string;
  from: DiagramPoint;
  pieces: DiagramCubic[];
  label: { text: string; unknown: boolean; x: number; y: number; width: number; height: number };
}

/** The whole picture in CSS px, before device-pixel scaling. */
export interface GraphDiagram {
  width: number;
  height: number;
  title: { text: string; x: number; y: number };
  cards: DiagramCard[];
  edges: DiagramEdge[];
  footer: { totals: string; app: string; y: number };
}

/** The name the footer signs the picture with. */
export const APP_NAME = 'CNN Graph Studio';

/** Fonts shared by layout (for measuring) and drawing; the canvas card's sizes. */
export const FONTS = {
  title: '650 18px system-ui, sans-serif',
  name: '650 13px system-ui, sans-serif',
  kind: '11.5px system-ui, sans-serif',
  params: '11px ui-monospace, Menlo, Consolas, monospace',
  shape: '650 13px ui-monospace, Menlo, Consolas, monospace',
  count: '11.5px ui-monospace, Menlo, Consolas, monospace',
  message: '11px system-ui, sans-serif',
  label: '10.5px ui-monospace, Menlo, Consolas, monospace',
  footer: '12px system-ui, sans-serif',
} as const;

/** Card geometry: the canvas card is 224 px wide with a 3 px category band over a tinted header. */
export const CARD = {
  width: 224,
  padX: 9,
  headerHeight: 27,
  paramBaseline: 44,
  footerBaseline: 63,
  baseHeight: 72,
  messageLine: 14,
} as const;
/** A first error message longer than this many lines ends with an ellipsis. */
export const MESSAGE_MAX_LINES = 3;

const MARGIN = 32;
const TITLE_HEIGHT = 40;
const FOOTER_HEIGHT = 44;
const ROW_GAP = 44;
const LABEL_PAD_X = 5;
const LABEL_HEIGHT = 16;
const CLEARANCE = 6;
const LANE_GAP = 36;
const BEND = 40;


/** Words of `text` into lines no wider than `width`; the last allowed line ends with `…` when cut. */
export function wrapText(text: string, width: number, font: string, measure: MeasureText, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (!line || measure(next, font) <= width) line = next;
    else { lines.push(line); line = word; }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) lines.splice(maxLines - 1, lines.length, lines.slice(maxLines - 1).join(' '));
  // A cut last line and a single word wider than the card both end in an ellipsis.
  return lines.map((l) => fitText(l, width, font, measure));
}

/** The text, cut with `…` to fit `width`. */
export function fitText(text: string, width: number, font: string, measure: MeasureText): string {
  if (measure(text, font) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${text.slice(0, mid)}…`, font) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo).trimEnd()}…`;
}

function describeCard(doc: GraphDocument, inference: GraphInference, measure: MeasureText): DiagramCard[] {
  return doc.nodes.map((node) => {
    const card = describeNodeCard(node, inference.nodes.get(node.id));
    const inner = CARD.width - 2 * CARD.padX;
    const kind = card.kindLabel ? fitText(card.kindLabel, inner / 2, FONTS.kind, measure) : '';
    const nameWidth = inner - (kind ? measure(kind, FONTS.kind) + 8 : 0) - (card.first ? 22 : 0);
    const paramLine = card.category ? card.paramLine : 'unknown kind, kept as it is';
    const shownParams = paramLine ? fitText(paramLine, inner, FONTS.params, measure) : '';
    const messageLines = card.first ? wrapText(card.first.message, CARD.width - 2 * CARD.padX, FONTS.message, measure, MESSAGE_MAX_LINES) : [];
    return {
      id: node.id,
      x: node.position.x,
      y: node.position.y,
      width: CARD.width,
      // Without a param line the shape moves up into its place, as on the canvas.
      height: CARD.baseHeight - (shownParams ? 0 : CARD.footerBaseline - CARD.paramBaseline) + (messageLines.length ? messageLines.length * CARD.messageLine + 4 : 0),
      name: fitText(node.name, nameWidth, FONTS.name, measure),
      kind,
      category: card.category,
      paramLine: shownParams,
      shape: fitText(card.shape, inner / 2, FONTS.shape, measure),
      paramCount: card.paramCount ? `${card.paramCount} params` : '',
      severity: card.severity,
      messageLines,
    };
  });
}

type Rect = { x: number; y: number; width: number; height: number };

const overlaps = (a: Rect, b: Rect, gap: number) =>
  a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;

/**
 * Keeps the user's arrangement but moves a card down below any card it would overlap (a card
 * grown by an error message, or two nodes dropped on one spot), top to bottom. Everything below
 * moves down with it, so the rows keep their spacing and their wires room for a label.
 */
function separateCards(cards: DiagramCard[]): void {
  const sorted = [...cards].sort((a, b) => a.y - b.y || a.x - b.x);
  for (let i = 0; i < sorted.length; i++) {
    const card = sorted[i];
    let shift = 0;
    for (let j = 0; j < i; j++) {
      const other = sorted[j];
      if (overlaps({ ...card, y: card.y + shift }, other, ROW_GAP / 2)) shift = other.y + other.height + ROW_GAP - card.y;
    }
    if (shift > 0) for (let k = i; k < sorted.length; k++) sorted[k].y += shift;
  }
}

function pointOnCubic(from: DiagramPoint, c: DiagramCubic, t: number): DiagramPoint {
  const u = 1 - t;
  const a = u * u * u, b = 3 * u * u * t, d = 3 * u * t * t, e = t * t * t;
  return { x: a * from.x + b * c.c1.x + d * c.c2.x + e * c.to.x, y: a * from.y + b * c.c1.y + d * c.c2.y + e * c.to.y };
}

/** Points along a wire, 24 per piece: enough to catch it crossing a 72 px card. */
export function sampleWire(from: DiagramPoint, pieces: readonly DiagramCubic[]): DiagramPoint[] {
  const out: DiagramPoint[] = [];
  let start = from;
  for (const piece of pieces) {
    for (let i = 0; i <= 24; i++) out.push(pointOnCubic(start, piece, i / 24));
    start = piece.to;
  }
  return out;
}

const inside = (p: DiagramPoint, c: DiagramCard, pad: number) => p.x > c.x - pad && p.x < c.x + c.width + pad && p.y > c.y - pad && p.y < c.y + c.height + pad;

const line = (a: DiagramPoint, b: DiagramPoint): DiagramCubic => ({ c1: { x: a.x + (b.x - a.x) / 3, y: a.y + (b.y - a.y) / 3 }, c2: { x: a.x + (2 * (b.x - a.x)) / 3, y: a.y + (2 * (b.y - a.y)) / 3 }, to: b });

const sCurve = (a: DiagramPoint, b: DiagramPoint): DiagramCubic => {
  const k = Math.max(BEND / 2, Math.abs(b.y - a.y) / 2);
  return { c1: { x: a.x, y: a.y + k }, c2: { x: b.x, y: b.y - k }, to: b };
};

interface Route { pieces: DiagramCubic[]; labelPiece: number }

/** The label's box: `width` wide, centred on the middle of the route's label piece. */
function labelRect(from: DiagramPoint, route: Route, width: number): Rect {
  const start = route.labelPiece === 0 ? from : route.pieces[route.labelPiece - 1].to;
  const mid = pointOnCubic(start, route.pieces[route.labelPiece], 0.5);
  return { x: mid.x - width / 2, y: mid.y - LABEL_HEIGHT / 2, width, height: LABEL_HEIGHT };
}


/**
 * The wire from the source card's bottom centre to the target card's top centre that crosses no
 * other card. In order of preference: the canvas's S-curve; straight down the source's column then
 * across (a branch joining a merge past a longer neighbour); across then straight down (a fan-out
 * into a column); and last, like the canvas's shortcut wires, out into a lane beside every card
 * between the two rows (a ResNet identity), down the lane and back in.
 */
function routeEdge(from: DiagramPoint, to: DiagramPoint, others: DiagramCard[], all: DiagramCard[], labelWidth: number): Route {
  const clear = (pieces: DiagramCubic[]) => sampleWire(from, pieces).every((p) => others.every((c) => !inside(p, c, CLEARANCE)));
  // The label is wider than its wire: a route whose label would sit on a card is a last resort.
  const labelClear = (r: Route) => { const box = labelRect(from, r, labelWidth); return all.every((c) => !overlaps(box, c, 0)); };
  const candidates: Route[] = [{ pieces: [sCurve(from, to)], labelPiece: 0 }];
  const drop = to.y - from.y;
  if (drop > 2 * BEND) {
    for (const h of [BEND * 2, BEND * 1.5, BEND]) {
      const knee = { x: from.x, y: to.y - h };
      candidates.push({ pieces: [line(from, knee), sCurve(knee, to)], labelPiece: knee.y - from.y > h ? 0 : 1 });
      const elbow = { x: to.x, y: from.y + h };
      candidates.push({ pieces: [sCurve(from, elbow), line(elbow, to)], labelPiece: to.y - elbow.y > h ? 1 : 0 });
    }
  }
  const chosen = candidates.find((r) => clear(r.pieces) && labelClear(r));
  if (chosen) return chosen;
  // A lane beside everything between the two rows, on the side the source leans to.
  const between = others.filter((c) => c.y + c.height > from.y && c.y < to.y);
  const right = from.x >= to.x;
  const gap = Math.max(LANE_GAP, labelWidth / 2 + CLEARANCE);
  const lane = right
    ? Math.max(from.x, to.x, ...between.map((c) => c.x + c.width)) + gap
    : Math.min(from.x, to.x, ...between.map((c) => c.x)) - gap;
  const top = { x: lane, y: from.y + BEND + 12 };
  const bottom = { x: lane, y: Math.max(top.y, to.y - BEND - 12) };
  return {
    pieces: [
      { c1: { x: from.x, y: from.y + BEND }, c2: { x: lane, y: from.y + 12 }, to: top },
      line(top, bottom),
      { c1: { x: lane, y: to.y - 12 }, c2: { x: to.x, y: to.y - BEND }, to },
    ],
    labelPiece: 1,
  };
}

function translate(d: GraphDiagram, dx: number, dy: number): void {
  const move = (p: DiagramPoint) => { p.x += dx; p.y += dy; };
  for (const c of d.cards) move(c);
  for (const e of d.edges) {
    move(e.from);
    for (const p of e.pieces) { move(p.c1); move(p.c2); move(p.to); }
    move(e.label);
  }
}

/**
 * Lays the graph out as a picture: a card per node where the user put it (nudged down where cards
 * would overlap), a wire per edge routed around other cards with its tensor shape on a label, the
 * graph's name above and the totals (params, MACs) and app name below. Pure: text is measured
 * through `measure`, so Node tests can check the geometry.
 */
export function layoutGraphDiagram(doc: GraphDocument, inference: GraphInference, measure: MeasureText): GraphDiagram {
  const cards = describeCard(doc, inference, measure);
  separateCards(cards);
  const byId = new Map(cards.map((c) => [c.id, c]));
  const edges: DiagramEdge[] = [];
  for (const e of doc.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    const from = { x: s.x + s.width / 2, y: s.y + s.height };
    const to = { x: t.x + t.width / 2, y: t.y };
    const text = formatShape(inference.nodes.get(e.source)?.outputShape);
    const width = measure(text, FONTS.label) + 2 * LABEL_PAD_X;
    const route = routeEdge(from, to, cards.filter((c) => c !== s && c !== t), cards, width);
    edges.push({ id: e.id, from, pieces: route.pieces, label: { text, unknown: text === '?', ...labelRect(from, route, width) } });
  }

  const summary = summarize(doc, inference);
  const errors = inference.diagnostics.filter((d) => d.severity === 'error').length;
  const totals = [
    `${formatCount(summary.totals.totalParams)} params`,
    `${formatMacs(summary.totals.macs)} MACs`,
    `${doc.nodes.length} ${doc.nodes.length === 1 ? 'layer' : 'layers'}`,
    ...(errors ? [`${errors} ${errors === 1 ? 'error' : 'errors'}`] : []),
  ].join('  ·  ');

  const xs: number[] = [];
  const ys: number[] = [];
  for (const c of cards) { xs.push(c.x, c.x + c.width); ys.push(c.y, c.y + c.height); }
  for (const e of edges) {
    for (const p of sampleWire(e.from, e.pieces)) { xs.push(p.x); ys.push(p.y); }
    xs.push(e.label.x, e.label.x + e.label.width);
  }
  const minX = xs.length ? Math.min(...xs) : 0;
  const minY = ys.length ? Math.min(...ys) : 0;
  const contentW = xs.length ? Math.max(...xs) - minX : 0;
  const contentH = ys.length ? Math.max(...ys) - minY : 0;
  const textW = Math.max(measure(doc.name, FONTS.title), measure(totals, FONTS.footer) + measure(APP_NAME, FONTS.footer) + 32);
  const width = Math.ceil(Math.max(contentW, textW, 240) + 2 * MARGIN);
  const height = Math.ceil(contentH + 2 * MARGIN + TITLE_HEIGHT + FOOTER_HEIGHT);
  const diagram: GraphDiagram = {
    width,
    height,
    title: { text: doc.name, x: MARGIN, y: MARGIN },
    cards,
    edges,
    footer: { totals, app: APP_NAME, y: height - MARGIN },
  };
  // Centre the graph when the title or footer is wider than it; whole px keep card edges crisp.
  translate(diagram, Math.round(MARGIN - minX + (width - 2 * MARGIN - contentW) / 2), Math.round(MARGIN + TITLE_HEIGHT - minY));
  return diagram;
}
