import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import type { Padding } from '../../../src/core/graph/types';
import { createExecutor } from '../../../src/core/runtime/executor';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { runPythonJson } from '../../oracles/python';
import { runTrainingOp, singleLayerDoc } from '../../train/trainHelpers';
import { expectClose, makeRandom, randomArray } from './helpers';
import { WIDE_CHANNELS } from '../../../src/core/runtime/kernels/maxPool2d';

/**
 * PyTorch's pooling dialect: MaxPool2D and AvgPool2D with ceilMode and countIncludePad, through
 * the shape rule, the compiled plan and executor, and the training backward, against
 * torch.nn.functional.max_pool2d / avg_pool2d and their autograd gradients (all cases in one
 * Python process), and against a brute-force definition that enumerates the windows itself.
 * PyTorch takes only symmetric padding of at most half the window; asymmetric padding is checked
 * against the brute force alone.
 */

interface Case {
  n: number; h: number; w: number; c: number;
  k: [number, number]; s: [number, number];
  /** Rows and cols padding, each side. */
  pad: [number, number];
  ceilMode: boolean; countIncludePad: boolean;
}

function toPadding([ph, pw]: [number, number], form: number): Padding {
  if (ph === 0 && pw === 0) return 'valid';
  if (ph === pw && form === 0) return ph;
  return [[ph, ph], [pw, pw]];
}

const rand = makeRandom(2024);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** Random cases PyTorch accepts: strides 1-3, odd and even sizes, pads up to k/2, batch 1-3. */
function makeCases(count: number): (Case & { padding: Padding })[] {
  const cases: (Case & { padding: Padding })[] = [];
  while (cases.length < count) {
    const k: [number, number] = [int(1, 5), int(1, 5)];
    const pad: [number, number] = [int(0, Math.floor(k[0] / 2)), int(0, Math.floor(k[1] / 2))];
    const h = int(1, 13);
    const w = int(1, 13);
    if (h + 2 * pad[0] < k[0] || w + 2 * pad[1] < k[1]) continue;
    const c = cases.length % 7 === 6 ? WIDE_CHANNELS + int(0, 3) : int(1, 5);
    cases.push({
      n: int(1, 3), h, w, c, k, s: [int(1, 3), int(1, 3)], pad,
      ceilMode: cases.length % 4 !== 3, countIncludePad: rand() < 0.5,
      padding: toPadding(pad, int(0, 1)),
    });
  }
  return cases;
}

const CASES = makeCases(60);
const inputs = CASES.map((k) => randomArray(rand, k.n * k.h * k.w * k.c, -2, 2));

const SCRIPT = `
import json, sys, torch
import torch.nn.functional as F
out = []
for case, x in json.load(sys.stdin):
    n, h, w, c = case['n'], case['h'], case['w'], case['c']
    k, s, p = tuple(case['k']), tuple(case['s']), tuple(case['pad'])
    row = {}
    for kind in ('max', 'avg'):
        xt = torch.tensor(x, dtype=torch.float64).reshape(n, h, w, c).permute(0, 3, 1, 2).contiguous().requires_grad_(True)
        if kind == 'max':
            y = F.max_pool2d(xt, k, s, p, ceil_mode=case['ceilMode'])
        else:
            y = F.avg_pool2d(xt, k, s, p, ceil_mode=case['ceilMode'], count_include_pad=case['countIncludePad'])
        dy = torch.cos(torch.arange(y.numel(), dtype=torch.float64)).reshape(y.shape)
        (y * dy).sum().backward()
        nhwc = lambda t: t.detach().permute(0, 2, 3, 1).reshape(-1).tolist()
        row[kind] = {'shape': [y.shape[2], y.shape[3], y.shape[1]], 'y': nhwc(y), 'dy': nhwc(dy), 'dx': nhwc(xt.grad)}
    out.append(row)
print(json.dumps(out))
`;

interface TorchSide { shape: number[]; y: number[]; dy: number[]; dx: number[] }

/**
 * The windows of one axis, enumerated: rounding down, every window on the padded input; with
 * ceilMode, windows until one reaches the end of the padded input, less that last one when it
 * starts in the trailing padding. Returns each window's first (padded) position.
 */
function enumerateWindows(size: number, before: number, after: number, k: number, s: number, ceilMode: boolean): number[] {
  const padded = before + size + after;
  const starts: number[] = [];
  if (!ceilMode) {
    for (let start = 0; start + k <= padded; start += s) starts.push(start);
    return starts;
  }
  for (let start = 0; ; start += s) {
    starts.push(start);
    if (start + k >= padded) break;
  }
  if (starts.length > 1 && starts[starts.length - 1] >= before + size) starts.pop();
  return starts;
}

/** Max or mean per window from the definition, NHWC, padding [[top, bottom], [left, right]]. */
function referencePool(kind: 'max' | 'avg', x: Float32Array, k: Case, [[top, bottom], [left, right]]: [[number, number], [number, number]]) {
  const rows = enumerateWindows(k.h, top, bottom, k.k[0], k.s[0], k.ceilMode);
  const cols = enumerateWindows(k.w, left, right, k.k[1], k.s[1], k.ceilMode);
  const y: number[] = [];
  for (let b = 0; b < k.n; b++) for (const r0 of rows) for (const c0 of cols) for (let ch = 0; ch < k.c; ch++) {
    let best = -Infinity, sum = 0, real = 0, onPadded = 0;
    for (let dy = 0; dy < k.k[0]; dy++) for (let dx = 0; dx < k.k[1]; dx++) {
      const iy = r0 + dy - top, ix = c0 + dx - left;
      if (iy < k.h + bottom && ix < k.w + right) onPadded++;
      if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w) continue;
      const v = x[((b * k.h + iy) * k.w + ix) * k.c + ch];
      best = Math.max(best, v);
      sum += v;
      real++;
    }
    y.push(kind === 'max' ? best : sum / (k.countIncludePad ? onPadded : real));
  }
  return { shape: [rows.length, cols.length, k.c], y };
}

function layerParams(kind: 'max' | 'avg', k: Case & { padding: Padding }): Record<string, unknown> {
  const params: Record<string, unknown> = { poolSize: k.k, strides: k.s, padding: k.padding, ceilMode: k.ceilMode };
  if (kind === 'avg') params.countIncludePad = k.countIncludePad;
  return params;
}

function describeCase(k: Case & { padding: Padding }): string {
  return `x=[${k.n},${k.h},${k.w},${k.c}] pool=${k.k} s=${k.s} p=${JSON.stringify(k.padding)}${k.ceilMode ? ' ceil' : ''}${k.countIncludePad ? ' countIncludePad' : ''}`;
}

const KINDS = [['max', 'MaxPool2D'], ['avg', 'AvgPool2D']] as const;

describe('pooling against PyTorch (ceil_mode, count_include_pad)', () => {
  const torch = runPythonJson<Record<'max' | 'avg', TorchSide>[]>(SCRIPT, CASES.map((k, i) => [k, Array.from(inputs[i])]));

  it('the random cases exercise rounding up and the dropped last window', () => {
    // Without these the suite could pass on the floor rule alone.
    const rounds = CASES.filter((k, i) => k.ceilMode && torch[i].max.shape[0] > Math.floor((k.h + 2 * k.pad[0] - k.k[0]) / k.s[0]) + 1);
    const dropped = CASES.filter((k) => k.ceilMode && (Math.ceil((k.h + 2 * k.pad[0] - k.k[0]) / k.s[0])) * k.s[0] >= k.h + k.pad[0]);
    expect(rounds.length).toBeGreaterThan(5);
    expect(dropped.length).toBeGreaterThan(0);
  });

  describe.each(KINDS)('%sPool', (kind, layer) => {
    it.each(CASES.map((k, i) => [describeCase(k), k, i] as const))('%s', (_name, k, i) => {
      const ref = torch[i][kind];
      const doc = singleLayerDoc(layer, layerParams(kind, k), [[k.h, k.w, k.c]]);
      const node = inferShapes(doc).nodes.get('l')!;
      expect(node.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(node.outputShape).toEqual(ref.shape);

      const brute = referencePool(kind, inputs[i], k, [[k.pad[0], k.pad[0]], [k.pad[1], k.pad[1]]]);
      expect(brute.shape).toEqual(ref.shape);
      expectClose(Float32Array.from(brute.y), ref.y);

      const compiled = compileGraph(doc);
      if (!compiled.ok) throw new Error(compiled.message);
      const run = createExecutor(compiled.plan, compiled.weights).run(inputs[i], k.n);
      if (!run.ok) throw new Error(run.error.message);
      expectClose(run.outputs.l, ref.y);

      const trained = runTrainingOp(doc, k.n, [inputs[i]], () => Float32Array.from(ref.dy));
      expectClose(trained.output, ref.y);
      expectClose(trained.dInputs[0], ref.dx);
    });
  });
});

describe('asymmetric padding with ceilMode, against the brute-force definition', () => {
  // PyTorch has no asymmetric pooling pads; ONNX does, and the rule generalises: the last window
  // starts inside the input or its top/left padding.
  it.each([
    { n: 2, h: 7, w: 6, c: 3, k: [3, 2], s: [2, 3], pad: [[0, 2], [1, 0]], countIncludePad: true },
    { n: 1, h: 5, w: 9, c: WIDE_CHANNELS + 1, k: [2, 3], s: [3, 2], pad: [[1, 0], [2, 1]], countIncludePad: true },
    { n: 3, h: 8, w: 8, c: 2, k: [3, 3], s: [2, 2], pad: [[2, 1], [0, 1]], countIncludePad: false },
  ] as const)('x=[$n,$h,$w,$c] pool=$k s=$s p=$pad countIncludePad=$countIncludePad', (spec) => {
    const k: Case & { padding: Padding } = {
      ...spec, k: [...spec.k], s: [...spec.s], pad: [0, 0], ceilMode: true,
      padding: [[spec.pad[0][0], spec.pad[0][1]], [spec.pad[1][0], spec.pad[1][1]]],
    };
    const x = randomArray(makeRandom(spec.h * spec.w), k.n * k.h * k.w * k.c, -2, 2);
    for (const [kind, layer] of KINDS) {
      const doc = singleLayerDoc(layer, layerParams(kind, k), [[k.h, k.w, k.c]]);
      const brute = referencePool(kind, x, k, k.padding as [[number, number], [number, number]]);
      const compiled = compileGraph(doc);
      if (!compiled.ok) throw new Error(compiled.message);
      expect(compiled.plan.steps.at(-1)!.outputShape).toEqual(brute.shape);
      const run = createExecutor(compiled.plan, compiled.weights).run(x, k.n);
      if (!run.ok) throw new Error(run.error.message);
      expectClose(run.outputs.l, brute.y);
    }
  });
});
