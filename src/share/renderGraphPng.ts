import type { GraphDocument } from '../core/graph/types';
import { inferShapes } from '../core/shape/inferShapes';
import type { GraphInference } from '../core/shape/types';
import { drawGraphDiagram } from './drawGraphDiagram';
import { layoutGraphDiagram } from './graphDiagram';
import { embedGraphInPng } from './pngGraph';

/** The picture's pixels per CSS px: crisp on a 2x screen and in a slide. */
export const PNG_PIXEL_RATIO = 2;
/** No side of the PNG exceeds this many pixels (browsers refuse larger canvases); big graphs scale down. */
export const PNG_MAX_SIDE = 8192;

/**
 * Draws the graph as a diagram like the canvas shows it (category-coloured cards with name, kind,
 * param line, output shape and param count; wires labelled with their shapes and routed around
 * cards; problems in red or amber; totals in a footer), straight from the document: no DOM
 * snapshot, so it works whatever the viewport shows. Returns PNG bytes.
 */
export async function renderGraphPng(doc: GraphDocument, inference: GraphInference = inferShapes(doc)): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  const diagram = layoutGraphDiagram(doc, inference, (text, font) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  });
  const scale = Math.min(PNG_PIXEL_RATIO, PNG_MAX_SIDE / diagram.width, PNG_MAX_SIDE / diagram.height);
  canvas.width = Math.max(1, Math.round(diagram.width * scale));
  canvas.height = Math.max(1, Math.round(diagram.height * scale));
  // Resizing the canvas reset the context; scale it now so the diagram draws in CSS px.
  ctx.scale(scale, scale);
  drawGraphDiagram(ctx, diagram);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error(`The browser could not encode the ${canvas.width}x${canvas.height} picture as PNG.`);
  return new Uint8Array(await blob.arrayBuffer());
}

/** The diagram as a PNG with the document (weights included) inside, ready to download or drop back. */
export async function exportGraphPng(doc: GraphDocument, inference?: GraphInference): Promise<Uint8Array> {
  return embedGraphInPng(await renderGraphPng(doc, inference), doc);
}
