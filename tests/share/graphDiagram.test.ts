import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/types';
import { findPreset, PRESETS } from '../../src/core/presets';
import { inferShapes } from '../../src/core/shape/inferShapes';
import { drawGraphDiagram, type DiagramContext } from '../../src/share/drawGraphDiagram';
import { fitText, layoutGraphDiagram, sampleWire, wrapText, type DiagramCard, type GraphDiagram, type MeasureText } from '../../src/share/graphDiagram';

/** A monospace-ish stand-in for canvas measureText: 0.6 em per character. */
const measure: MeasureText = (text, font) => text.length * 0.6 * Number(/([\d.]+)px/.exec(font)![1]);

const layout = (doc: GraphDocument) => layoutGraphDiagram(doc, inferShapes(doc), measure);
const preset = (id: string) => structuredClone(findPreset(id)!.doc);

const cardsOverlap = (a: DiagramCard, b: DiagramCard) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inCard = (p: { x: number; y: number }, c: DiagramCard) => p.x > c.x && p.x < c.x + c.width && p.y > c.y && p.y < c.y + c.height;

function checkGeometry(d: GraphDiagram) {
  for (let i = 0; i < d.cards.length; i++) {
    const c = d.cards[i];
    expect(c.x).toBeGreaterThanOrEqual(0);
    expect(c.y).toBeGreaterThanOrEqual(0);
    expect(c.x + c.width).toBeLessThanOrEqual(d.width);
    expect(c.y + c.height).toBeLessThanOrEqual(d.footer.y - 20);
    for (let j = i + 1; j < d.cards.length; j++) expect(cardsOverlap(c, d.cards[j]), `${c.name} overlaps ${d.cards[j].name}`).toBe(false);
  }
  for (const e of d.edges) {
    // A wire crosses no card but its own two ends, and its label sits on no card.
    const edge = e;
    const ends = d.cards.filter((c) => edge.from.y === c.y + c.height || edge.pieces[edge.pieces.length - 1].to.y === c.y);
    for (const p of sampleWire(e.from, e.pieces)) {
      for (const c of d.cards) if (!ends.includes(c) || !(Math.abs(p.x - (c.x + c.width / 2)) < 1)) expect(inCard(p, c), `${e.id} crosses ${c.name}`).toBe(false);
    }
    const { label } = e;
    for (const c of d.cards) {
      const box = { ...c, name: '', x: label.x, y: label.y, width: label.width, height: label.height };
      expect(cardsOverlap(box, c), `label of ${e.id} on ${c.name}`).toBe(false);
    }
  }
}

/** Records every fillText with the fill colour at the time, and ignores the rest. */
function recordingContext() {
  const texts: { text: string; color: string }[] = [];
  const rects: { color: string }[] = [];
  const ctx = {
    fillStyle: '', strokeStyle: '', lineWidth: 1, font: '', textAlign: 'left', textBaseline: 'alphabetic',
    shadowColor: '', shadowBlur: 0, shadowOffsetY: 0,
    save() {}, restore() {}, beginPath() {}, moveTo() {}, lineTo() {}, bezierCurveTo() {}, closePath() {}, roundRect() {}, arc() {},
    fill() {}, stroke() {}, clip() {},
    fillRect() { rects.push({ color: String(ctx.fillStyle) }); },
    fillText(text: string) { texts.push({ text, color: String(ctx.fillStyle) }); },
  };
  return { ctx: ctx as unknown as DiagramContext, texts, rects };
}


describe('layoutGraphDiagram', () => {
  it.each(PRESETS.map((p) => [p.id]))('%s: no two cards overlap, wires avoid cards, every edge is labelled with its source shape', (id) => {
    const doc = preset(id);
    const d = layout(doc);
    expect(d.cards).toHaveLength(doc.nodes.length);
    expect(d.edges).toHaveLength(doc.edges.length);
    const inference = inferShapes(doc);
    for (const e of d.edges) {
      const source = doc.edges.find((x) => x.id === e.id)!.source;
      expect(e.label.text).toBe(inference.nodes.get(source)!.outputShape!.join('x'));
    }
    checkGeometry(d);
  });

  it('LeNet-5: cards carry name, kind, the param line, output shape and param count; the footer the totals', () => {
    const d = layout(preset('lenet5'));
    const c1 = d.cards.find((c) => c.name === 'C1')!;
    expect(c1).toMatchObject({ kind: 'Conv2D', category: 'Convolution', shape: '28x28x6', paramCount: '156 params', severity: null });
    expect(c1.paramLine).toMatch(/^6 @ 5x5/);
    // (5*5*6 + 1) * 16 = 2,416 weights for C3 (LeCun's full connection table).
    expect(d.cards.find((c) => c.name === 'C3')!.paramCount).toBe('2,416 params');
    expect(d.cards.find((c) => c.name === 'Input')).toMatchObject({ kind: '', shape: '32x32x1', paramLine: '', paramCount: '' });
    // MACs: C1 28*28*6*25 + C3 10*10*16*150 + C5 120*400 + F6 120*84 + output 84*10 = 416,520.
    expect(d.footer.totals).toBe('61,706 params  ·  416,520 MACs  ·  9 layers');
    expect(d.footer.app).toBe('CNN Graph Studio');
    expect(d.title.text).toBe('LeNet-5');
  });

  it('ResNet block: the identity shortcut goes around the five layers it skips, on its own lane', () => {
    const d = layout(preset('resnet-block'));
    const skip = d.edges.find((e) => e.id === 'skip')!;
    const column = d.cards.find((c) => c.name === 'conv1')!;
    expect(skip.pieces.length).toBe(3);
    expect(skip.label.x).toBeGreaterThan(column.x + column.width);
    expect(skip.label.text).toBe(d.cards.find((c) => c.id === 'input')!.shape);
    checkGeometry(d);
  });

  it('an error card is taller, red, and shows the first error message; cards below move down rather than overlap', () => {
    const doc = preset('lenet5');
    const c3 = doc.nodes.find((n) => n.name === 'C3')!;
    c3.params = { ...c3.params, kernelSize: 20 };
    const d = layout(doc);
    const card = d.cards.find((c) => c.name === 'C3')!;
    expect(card.severity).toBe('error');
    expect(card.shape).toBe('?');
    expect(card.messageLines.length).toBeGreaterThan(0);
    const message = inferShapes(doc).nodes.get(c3.id)!.diagnostics.find((x) => x.severity === 'error')!.message;
    expect(message.startsWith(card.messageLines.join(' ').replace(/…$/, '').slice(0, 20))).toBe(true);
    expect(card.height).toBeGreaterThan(d.cards.find((c) => c.name === 'C1')!.height);
    // Downstream shapes are unknown, and their wires say so.
    expect(d.edges.filter((e) => e.label.unknown).length).toBeGreaterThan(0);
    expect(d.footer.totals).toMatch(/1 error/);
    checkGeometry(d);
  });

  it('a warning card is amber with its message; the footer counts no error', () => {
    const doc = preset('lenet5');
    // A softmax before the last layer is legal but suspicious: a warning, not an error.
    doc.nodes.find((n) => n.name === 'F6')!.params.activation = 'softmax';
    const d = layout(doc);
    const card = d.cards.find((c) => c.name === 'F6')!;
    expect(card.severity).toBe('warning');
    expect(card.messageLines.join(' ')).toMatch(/F6/);
    expect(d.footer.totals).not.toMatch(/error/);
    const { ctx, texts } = recordingContext();
    drawGraphDiagram(ctx, d);
    expect(texts.find((t) => t.text === card.messageLines[0])!.color).toBe('#c98a0c');
    checkGeometry(d);
  });

  it('two nodes dropped on one spot are pulled apart', () => {
    const doc = preset('lenet5');
    doc.nodes[1].position = { ...doc.nodes[2].position };
    checkGeometry(layout(doc));
  });

  it('an empty graph is a title and a footer', () => {
    const d = layout({ format: 'cnn-graph', version: 1, name: 'Empty', nodes: [], edges: [] } as unknown as GraphDocument);
    expect(d.cards).toEqual([]);
    expect(d.width).toBeGreaterThan(0);
    expect(d.footer.totals).toMatch(/^0 params/);
  });
});

describe('text fitting', () => {
  it('cuts with an ellipsis only when needed, and wraps into at most the given lines', () => {
    expect(fitText('short', 100, '10px x', measure)).toBe('short');
    const cut = fitText('a'.repeat(40), 60, '10px x', measure);
    expect(cut.endsWith('…')).toBe(true);
    expect(measure(cut, '10px x')).toBeLessThanOrEqual(60);
    const lines = wrapText('one two three four five six seven eight nine ten', 60, '10px x', measure, 2);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('one two');
    expect(lines[1].endsWith('…')).toBe(true);
    for (const l of lines) expect(measure(l, '10px x')).toBeLessThanOrEqual(60);
  });
});

describe('drawGraphDiagram', () => {
  it('writes every card, every wire label and the footer; category bands in the canvas colours; errors in red', () => {
    const doc = preset('lenet5');
    doc.nodes.find((n) => n.name === 'C3')!.params.kernelSize = 20;
    const d = layout(doc);
    const { ctx, texts, rects } = recordingContext();
    drawGraphDiagram(ctx, d);
    const written = texts.map((t) => t.text);
    for (const c of d.cards) expect(written).toContain(c.name);
    expect(written).toContain('2,416 params'.replace('2,416', '156'));
    for (const e of d.edges) expect(written).toContain(e.label.text);
    expect(written).toContain(d.footer.totals);
    expect(written).toContain('CNN Graph Studio');
    // The light theme's --cat-input, --cat-convolution, --cat-pooling and --cat-core.
    const bands = new Set(rects.map((r) => r.color));
    for (const color of ['#5b8def', '#7c5cd6', '#1f9d8f', '#d9822b']) expect(bands).toContain(color);
    const message = texts.find((t) => t.text === d.cards.find((c) => c.name === 'C3')!.messageLines[0])!;
    expect(message.color).toBe('#d23b3b');
    expect(texts.find((t) => t.text === '?')!.color).toBe('#d23b3b');
  });
});
