import type { ActivationFn } from '../../graph/types';
import type { ConvGeometry } from '../../shape/types';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';
import { checkSizes } from './checkSizes';
import { MR, multiplyPacked, packColumns, packedRowsLength, packRows } from './gemm';
import { createMaxPool2D } from './maxPool2d';
import { packPatches } from './packPatches';
import { clipPoolWindows } from './poolWindows';
import { createSampleViews } from './sampleViews';
import { createSimdPoolAt } from './simdPool';
import { createSimdGemm, type SimdGemm } from './simdGemm';
import { createSimdIndirectMatMul, fusedActivation, type SimdIndirectMatMul } from './simdMatMul';
import { geometryOf, type KernelFactory } from '../kernelFactory';
import { createGroupedConv2D } from './groupedConv2d';

/** Target size of the scalar path's packed-patch block: output pixels whose patches stay in L2. */
const BLOCK_FLOATS = 32 * 1024;

/**
 * Conv2D, NHWC input, HWIO kernel [kH, kW, inC, outC], with bias and activation fused into the
 * write-out. out[n, oy, ox, co] = act(bias[co] + sum_{ky,kx,ci} x[n, oy*sH - padTop + ky*dH,
 * ox*sW - padLeft + kx*dW, ci] * k[ky, kx, ci, co]); taps that fall in the padding read 0.
 *
 * As a GEMM: rows are output pixels, depth is kH*kW*inC, columns are outC; the kernel is packed
 * once here. With WebAssembly SIMD, each sample is copied into the kernel's memory and read through
 * an indirection table built here (no im2col). Otherwise the scalar path packs blocks of patches
 * (im2col) into a scratch whose size does not depend on the batch; a 1x1, stride-1, unpadded
 * conv skips im2col there, as its input already is the matrix. The SIMD module applies relu to each
 * tile in registers and tanh / sigmoid (in double precision) to the output before it leaves its
 * memory; otherwise the activation runs on the freshly written output while it is still in cache.
 *
 * `simd` is the SIMD memory to place the packed kernel in (an executor passes one per plan), null
 * for the scalar kernel; by default the op makes its own.
 */
export function createConv2D(
  g: ConvGeometry, kernelHWIO: Float32Array, bias: Float32Array | null, activation: ActivationFn,
  simd: SimdGemm | null = createSimdGemm(),
  pool: ConvGeometry | null = null,
): PreparedOp {
  const { kH, kW, inC, outC } = g;
  checkSizes('Conv2D', {
    inH: g.inH, inW: g.inW, inC, kH, kW, outH: g.outH, outW: g.outW, outC,
    strideH: g.strideH, strideW: g.strideW, dilationH: g.dilationH, dilationW: g.dilationW,
  });
  const depth = kH * kW * inC;
  if (kernelHWIO.length !== depth * outC) {
    throw new Error(`Conv2D: kernel has ${kernelHWIO.length} values, expected ${kH}*${kW}*${inC}*${outC} = ${depth * outC}`);
  }
  if (bias && bias.length !== outC) throw new Error(`Conv2D: bias has ${bias.length} values, expected ${outC}`);
  const fused = fusedActivation(activation);
  const layout = planSimdConv(g);
  const mm = simd && createSimdIndirectMatMul(
    simd, kernelHWIO, kH * (kW / layout.group), layout.group * inC, outC, bias, layout.samples * layout.paddedPer,
    layout.samples * g.outH * g.outW, fused ?? 0,
    (table, inputAddress, zeroAddress) => fillConvTable(g, layout, table, inputAddress, zeroAddress),
  );
  if (pool) {
    const fusedPool = mm && simd ? createSimdConvMaxPool(simd, g, layout, mm, fused === null ? activation : null, pool) : null;
    return fusedPool ?? createScalarConvMaxPool(g, createScalarConv(g, kernelHWIO, bias, activation), pool);
  }
  return mm ? createSimdConv(g, layout, mm, fused === null ? activation : null) : createScalarConv(g, kernelHWIO, bias, activation);
}

/**
 * The conv with a max pool (`pool`, over the conv's output) as its epilogue: each block's conv
 * output stays in the GEMM's own region and the SIMD pool reads it there, so only the pooled map
 * reaches the arena (a quarter of it for 2x2). Null when the memory cannot hold the pool's tables.
 */
function createSimdConvMaxPool(simd: SimdGemm, g: ConvGeometry, layout: SimdConvLayout, mm: SimdIndirectMatMul, after: ActivationFn | null, pool: ConvGeometry): PreparedOp | null {
  const poolAt = createSimdPoolAt(simd, 'max', pool, clipPoolWindows(pool), () => 0);
  const pooledPer = pool.outH * pool.outW * pool.outC;
  const scratch = simd.allocate(layout.samples * pooledPer);
  if (!poolAt || scratch < 0) return null;
  const inRow = g.inW * g.inC;
  const inPer = g.inH * inRow;
  const outHW = g.outH * g.outW;
  const outPer = outHW * g.outC;
  const padded = layout.paddedW !== g.inW;
  return {
    name: 'conv2d.indirect-gemm-simd+maxpool2d',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let n = 0; n < batch; n += layout.samples) {
        const nb = Math.min(layout.samples, batch - n);
        if (padded) mm.loadRuns(x, n * inPer, inRow, nb * g.inH, g.padLeft * g.inC, layout.paddedW * g.inC);
        else mm.loadInput(x, n * inPer, nb * inPer);
        const c = mm.multiplyInPlace(nb * outHW);
        if (after) applyActivation(after, simd.f32, c, nb * outPer, g.outC);
        const y = simd.offsetOf(output);
        if (y >= 0) {
          poolAt(c, y + n * pooledPer, nb);
        } else {
          poolAt(c, scratch, nb);
          for (let i = 0, count = nb * pooledPer; i < count; i++) output[n * pooledPer + i] = simd.f32[scratch + i];
        }
      }
    },
  };
}

/** The same without SIMD: the conv per sample into a scratch, then the scalar max pool from it. */
function createScalarConvMaxPool(g: ConvGeometry, conv: PreparedOp, pool: ConvGeometry): PreparedOp {
  const maxPool = createMaxPool2D(pool);
  const scratch = new Float32Array(g.outH * g.outW * g.outC);
  const inputOf = createSampleViews(g.inH * g.inW * g.inC);
  const outputOf = createSampleViews(pool.outH * pool.outW * pool.outC);
  const one = [scratch];
  const sample: Float32Array[] = [scratch];
  return {
    name: `${conv.name}+maxpool2d`,
    run(inputs, batch, output) {
      for (let n = 0; n < batch; n++) {
        sample[0] = inputOf(inputs[0], n);
        conv.run(sample, 1, scratch);
        maxPool.run(one, 1, outputOf(output, n));
      }
    },
  };
}

/** Output rows a GEMM call should have at least: fewer leave the 4-row tiles and the call overhead idle. */
const MIN_ROWS = 64;
/** Cap on the floats of a block's padded input. */
const MAX_BLOCK_FLOATS = 256 * 1024;

/**
 * How the SIMD path lays its input out. Rows of the input are copied with `padLeft` zero columns
 * before them and enough after, so every tap of a kernel row falls inside the padded row: with
 * dilation 1 along W, a kernel row's kW taps then read kW * inC contiguous floats, and one table
 * entry (a "tap" of the GEMM with kW * inC channels) covers them: 5 entries instead of 25 for
 * LeNet's 5x5 on one channel, which would otherwise spend its time in the table. Taps above or
 * below the input read the zero vector. `samples` samples go through one GEMM call, so a layer
 * with few output pixels (LeNet's C5: one) still fills its tiles.
 */
interface SimdConvLayout { group: number; paddedW: number; paddedPer: number; samples: number }

function planSimdConv(g: ConvGeometry): SimdConvLayout {
  const group = g.dilationW === 1 ? g.kW : 1;
  const paddedW = Math.max(g.inW + g.padLeft, (g.outW - 1) * g.strideW + (g.kW - 1) * g.dilationW + 1);
  const paddedPer = g.inH * paddedW * g.inC;
  const outHW = g.outH * g.outW;
  const samples = Math.max(1, Math.min(Math.ceil(MIN_ROWS / outHW), Math.floor(MAX_BLOCK_FLOATS / paddedPer)));
  return { group, paddedW, paddedPer, samples };
}

/**
 * Table entry [row panel][tap][row]: the byte address of what tap (ky, kx group) of output row m
 * reads in the padded input region (row m is pixel m mod outHW of the block's sample
 * floor(m / outHW)), or of the zero vector above and below the input.
 */
function fillConvTable(g: ConvGeometry, layout: SimdConvLayout, table: Int32Array, inputAddress: number, zeroAddress: number): void {
  const { inH, inC, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW, padTop } = g;
  const { group, paddedW, paddedPer, samples } = layout;
  const groups = kW / group;
  const taps = kH * groups;
  const outHW = outH * outW;
  const rows = table.length / taps;
  for (let m = 0; m < rows; m++) {
    const base = (m >> 2) * taps * MR + (m & 3);
    const s = Math.floor(m / outHW);
    const pixel = m - s * outHW;
    const oy = Math.floor(pixel / outW);
    const ox = pixel - oy * outW;
    for (let ky = 0; ky < kH; ky++) {
      const iy = oy * strideH - padTop + ky * dilationH;
      for (let gx = 0; gx < groups; gx++) {
        const px = ox * strideW + gx * group * dilationW;
        const inside = s < samples && iy >= 0 && iy < inH;
        table[base + (ky * groups + gx) * MR] = inside ? inputAddress + (s * paddedPer + (iy * paddedW + px) * inC) * 4 : zeroAddress;
      }
    }
  }
}

/** `after` is an activation the SIMD kernel does not fuse (softmax, gelu, ...), run on each block's output. */
function createSimdConv(g: ConvGeometry, layout: SimdConvLayout, mm: SimdIndirectMatMul, after: ActivationFn | null): PreparedOp {
  const inRow = g.inW * g.inC;
  const inPer = g.inH * inRow;
  const outHW = g.outH * g.outW;
  const outPer = outHW * g.outC;
  const padded = layout.paddedW !== g.inW;
  return {
    name: 'conv2d.indirect-gemm-simd',
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let n = 0; n < batch; n += layout.samples) {
        const nb = Math.min(layout.samples, batch - n);
        if (padded) mm.loadRuns(x, n * inPer, inRow, nb * g.inH, g.padLeft * g.inC, layout.paddedW * g.inC);
        else mm.loadInput(x, n * inPer, nb * inPer);
        mm.multiply(nb * outHW, output, n * outPer);
        if (after) applyActivation(after, output, n * outPer, nb * outPer, g.outC);
      }
    },
  };
}

function createScalarConv(g: ConvGeometry, kernelHWIO: Float32Array, bias: Float32Array | null, activation: ActivationFn): PreparedOp {
  const { inH, inW, inC, outH, outW, outC, kH, kW } = g;
  const depth = kH * kW * inC;
  const weights = packColumns(kernelHWIO, depth, outC, bias);
  const pointwise = kH === 1 && kW === 1 && g.strideH === 1 && g.strideW === 1
    && g.padTop === 0 && g.padBottom === 0 && g.padLeft === 0 && g.padRight === 0 && outH === inH && outW === inW;
  const outHW = outH * outW;
  const blockRows = Math.max(MR, Math.min(1024, Math.floor(BLOCK_FLOATS / depth / MR) * MR));
  const scratch = new Float32Array(packedRowsLength(blockRows, depth));
  return {
    name: `conv2d.${pointwise ? 'pointwise' : 'im2col'}-gemm-scalar`,
    run(inputs, batch, output) {
      const x = inputs[0];
      const total = batch * outHW;
      for (let m0 = 0; m0 < total; m0 += blockRows) {
        const rows = Math.min(blockRows, total - m0);
        if (pointwise) packRows(x, m0 * inC, rows, inC, scratch, 0);
        else packPatches(x, g, m0, rows, scratch, 0);
        multiplyPacked(scratch, rows, weights, output, m0 * outC);
        applyActivation(activation, output, m0 * outC, rows * outC, outC);
      }
    },
  };
}

/** A pool fused into the epilogue runs in the im2col kernel; everything else (groups 1 included) in the grouped one. */
export const conv2DKernel: KernelFactory<'Conv2D'> = (step, ctx) => step.epiloguePool
  ? createConv2D(geometryOf(step), ctx.weight('kernel'), step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd(), step.epiloguePool)
  : createGroupedConv2D(geometryOf(step), step.params.groups, ctx.weight('kernel'), step.params.useBias ? ctx.weight('bias') : null, step.params.activation, ctx.simd());
