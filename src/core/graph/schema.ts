import { z } from 'zod';
import { countBase64Bytes } from './tensorCodec';
import { GRAPH_FORMAT, GRAPH_VERSION } from './types';

/**
 * zod schema of the graph document (types.ts). Node params stay raw JSON (the layer registry
 * checks them and reports field diagnostics) and unknown kinds are kept; unknown top-level or node
 * fields are dropped.
 */

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

export const positionSchema = z.object({ x: finite, y: finite });

export const nodeSchema = z.object({
  id: z.string().min(1, { message: 'node id must not be empty' }),
  kind: z.string().min(1, { message: 'node kind must not be empty' }),
  name: z.string(),
  params: z.record(z.string(), z.unknown()),
  position: positionSchema,
});

export const edgeSchema = z.object({
  id: z.string().min(1, { message: 'edge id must not be empty' }),
  source: z.string(),
  target: z.string(),
});

/** A float32 tensor; the base64 must hold exactly 4 * product(shape) bytes. */
export const tensorDataSchema = z
  .object({
    shape: z.array(z.number().int().nonnegative()).max(8),
    data: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'data must be base64' }),
  })
  .superRefine((t, ctx) => {
    const want = 4 * t.shape.reduce((a, b) => a * b, 1);
    const have = countBase64Bytes(t.data);
    if (have !== want) {
      ctx.addIssue({
        code: 'custom',
        path: ['data'],
        message: `shape [${t.shape.join(', ')}] needs ${want} bytes of float32, data has ${have < 0 ? 'an invalid length' : `${have} bytes`}`,
      });
    }
  });

export const weightMapSchema = z.record(z.string(), z.record(z.string(), tensorDataSchema));

/** The document's optional `training` field: the settings of its last training run. */
export const trainingSettingsSchema = z.object({
  optimizer: z.enum(['sgd', 'adam', 'adamw']),
  learningRate: finite.refine((v) => v > 0, { message: 'must be above 0' }),
  momentum: finite.refine((v) => v >= 0 && v < 1, { message: 'must be from 0 to below 1' }),
  weightDecay: finite.refine((v) => v >= 0, { message: 'must be 0 or more' }),
  batch: z.number().int().min(1),
  epochs: z.number().int().min(1),
});

export const graphDocumentSchema = z.object({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  name: z.string(),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
  weights: weightMapSchema.optional(),
  training: trainingSettingsSchema.optional(),
});
