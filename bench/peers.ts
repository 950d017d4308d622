/**
 * One runner per implementation for a compiled case: the same plan, weights and input for all.
 * `run` returns the output in our layout (NHWC, or the flat vector), so outputs can be compared
 * before any timing; for onnxruntime the NCHW input is prepared once, outside the timing, and
 * only a 4-D output is transposed back (also outside: see `output`).
 */
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import type { ExecutionPlan, PlanWeights } from '../src/core/compile/types';
import type { GraphDocument } from '../src/core/graph/types';
import { createExecutor } from '../src/core/runtime/executor';
import { setRelaxedSimdEnabled, setSimdGemmEnabled } from '../src/core/runtime/kernels/simdGemm';
import { useBackend, type Impl } from './benchUtils';
import { encodeOnnxModel, toNchw, toNhwc } from './onnxModel';
import { buildTfjsForward } from './tfjsForward';

/** What every implementation runs. */
export interface BenchCase { doc: GraphDocument; plan: ExecutionPlan; weights: PlanWeights; batch: number; x: Float32Array }

/**
 * `run` is timed; `output` converts what the last run produced to our layout (untimed);
 * `before` makes the runner's backend active (untimed; tfjs has one active backend at a time).
 */
export interface Runner {
  run(): Promise<unknown> | unknown;
  output(): Float32Array;
  before(): Promise<void>;
  dispose(): void;
}

// onnxruntime-web in Node: the single-threaded wasm build (its thread pool needs a browser's workers
// to pay off; see README's benchmark notes).
ortWeb.env.wasm.numThreads = 1;

/** Prepares `impl` for the case (weights uploaded, kernels packed, sessions created). */
export async function createRunner(impl: Impl, c: BenchCase): Promise<Runner> {
  const noop = async () => {};
  switch (impl) {
    case 'ours':
    case 'ours-plain':
    case 'ours-scalar': {
      // Kernels choose SIMD or plain TypeScript when prepared: the switches only have to hold meanwhile.
      setSimdGemmEnabled(impl !== 'ours-scalar');
      setRelaxedSimdEnabled(impl === 'ours');
      const exec = createExecutor(c.plan, c.weights);
      setSimdGemmEnabled(true);
      setRelaxedSimdEnabled(true);
      if (impl === 'ours-scalar' && exec.kernelNames.some((k) => k.includes('simd'))) throw new Error('the scalar executor still uses SIMD kernels');
      let last: Float32Array | null = null;
      return {
        run() {
          const r = exec.run(c.x, c.batch);
          if (!r.ok) throw new Error(r.error.message);
          last = r.outputs[c.plan.outputs[0].nodeId];
        },
        output: () => last!,
        before: noop,
        dispose() {},
      };
    }
    case 'tfjs-cpu':
    case 'tfjs-wasm': {
      await useBackend(impl);
      const forward = buildTfjsForward(c.doc, c.plan, c.weights, c.batch, c.x);
      let last: Float32Array | null = null;
      return {
        run() {
          last = forward.run();
        },
        output: () => last!,
        before: () => useBackend(impl),
        dispose: () => forward.dispose(),
      };
    }
    case 'ort-web':
    case 'ort-node':
    case 'ort-node-2t': {
      const ort = (impl === 'ort-web' ? ortWeb : ortNode) as typeof ortWeb;
      const model = encodeOnnxModel(c.doc, c.plan, c.weights, c.batch);
      const session = await ort.InferenceSession.create(model.bytes, {
        executionProviders: [impl === 'ort-web' ? 'wasm' : 'cpu'],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: impl === 'ort-node-2t' ? 2 : 1,
        interOpNumThreads: 1,
      });
      const shape = c.plan.inputs[0].shape;
      const feed = shape.length === 3
        ? new ort.Tensor('float32', toNchw(c.x, c.batch, shape), [c.batch, shape[2], shape[0], shape[1]])
        : new ort.Tensor('float32', c.x, [c.batch, ...shape]);
      let last: Float32Array | null = null;
      const outShape = c.plan.outputs[0].shape;
      return {
        async run() {
          const r = await session.run({ [model.inputName]: feed });
          last = r[model.outputName].data as Float32Array;
        },
        output: () => (model.output4d ? toNhwc(last!, c.batch, outShape) : last!),
        before: noop,
        dispose: () => void session.release(),
      };
    }
  }
}
