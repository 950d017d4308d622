import type { ActivationFn } from '../../graph/types';
import type { ConvGeometry } from '../../shape/types';
import type { PreparedOp } from '../op';
import { applyActivation } from './applyActivation';
import { createConv2D } from './conv2d';
import { createSimdGemm, type SimdGemm } from './simdGemm';

/**
 * Grouped Conv2D (Keras `groups`): input channels and filters split into `groups` equal parts,
 * part j of the filters seeing only part j of the input channels. Kernel [kH, kW, inC/groups,
 * outC] as in Keras; output channel o belongs to group floor(o / (outC/groups)).
 *
 * Each group is an ordinary Conv2D on its channel slice (its own GEMM, packed once here): per
 * sample, the slice is gathered into a contiguous scratch, convolved and scattered into the
 * output's channel slice. Element-wise activations are fused into each group; softmax, which
 * spans all channels, runs on the assembled output. groups = 1 is createConv2D itself.
 */
export function createGroupedConv2D(
  g: ConvGeometry, groups: number, kernel: Float32Array, bias: Float32Array | null, activation: ActivationFn,
  simd: SimdGemm | null = createSimdGemm(),
): PreparedOp {
  if (groups === 1) return createConv2D(g, kernel, bias, activation, simd);
  const { inC, outC, kH, kW } = g;
  if (!Number.isInteger(groups) || groups < 1 || inC % groups !== 0 || outC % groups !== 0) {
    throw new Error(`Conv2D: groups ${groups} must divide inC ${inC} and outC ${outC}`);
  }
  const inG = inC / groups;
  const outG = outC / groups;
  const taps = kH * kW;
  if (kernel.length !== taps * inG * outC) {
    throw new Error(`Conv2D: kernel has ${kernel.length} values, expected ${kH}*${kW}*${inG}*${outC} = ${taps * inG * outC}`);
  }
  if (bias && bias.length !== outC) throw new Error(`Conv2D: bias has ${bias.length} values, expected ${outC}`);
  const perGroup = activation === 'softmax' ? 'linear' : activation;
  const groupGeometry: ConvGeometry = { ...g, inC: inG, outC: outG };
  const ops = Array.from({ length: groups }, (_, j) => {
    const k = new Float32Array(taps * inG * outG);
    for (let r = 0; r < taps * inG; r++) k.set(kernel.subarray(r * outC + j * outG, r * outC + (j + 1) * outG), r * outG);
    return createConv2D(groupGeometry, k, bias ? bias.slice(j * outG, (j + 1) * outG) : null, perGroup, simd);
  });
  const inHW = g.inH * g.inW;
  const outHW = g.outH * g.outW;
  const slice = new Float32Array(inHW * inG);
  const result = new Float32Array(outHW * outG);
  return {
    name: `conv2d.grouped-${ops[0].name}`,
    run(inputs, batch, output) {
      const x = inputs[0];
      for (let n = 0; n < batch; n++) {
        const xo = n * inHW * inC;
        const oo = n * outHW * outC;
        for (let j = 0; j < groups; j++) {
          for (let p = 0; p < inHW; p++) {
            const s = xo + p * inC + j * inG;
            const d = p * inG;
            for (let c = 0; c < inG; c++) slice[d + c] = x[s + c];
          }
          ops[j].run([slice], 1, result);
          for (let p = 0; p < outHW; p++) {
            const s = p * outG;
            const d = oo + p * outC + j * outG;
            for (let c = 0; c < outG; c++) output[d + c] = result[s + c];
          }
        }
        if (perGroup !== activation) applyActivation(activation, output, oo, outHW * outC, outC);
      }
    },
  };
}
