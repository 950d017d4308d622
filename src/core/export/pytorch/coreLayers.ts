import { permute } from '../tensorLayout';
import { activationModule, applyActivation, formatFloat, type Emitter, type LayerCode, type StateTensor, type WeightBack } from './layerCode';

/** Keras' BatchNormalization momentum (the moving averages keep m of the old value); PyTorch's is 1 - m. */
export const KERAS_BATCH_NORM_MOMENTUM = 0.99;

export const input: Emitter<'Input'> = ({ name }) => ({ init: [], forward: name, state: [], back: [] });

export const dense: Emitter<'Dense'> = ({ step, name, inputs, weight, flattenedFrom }) => {
  const p = step.params;
  const n = step.inputShapes[0][0];
  const from = flattenedFrom(0);
  // Our kernel is [in, out] with `in` in NHWC order; after a channel-major flatten the rows move too.
  const kernel: StateTensor = from
    ? { key: `${name}.weight`, dtype: 'F32', shape: [p.units, n], values: () => permute(weight('kernel'), [...from, p.units], [3, 2, 0, 1]) }
    : { key: `${name}.weight`, dtype: 'F32', shape: [p.units, n], values: () => permute(weight('kernel'), [n, p.units], [1, 0]) };
  const code: LayerCode = {
    init: [`self.${name} = nn.Linear(${n}, ${p.units}${p.useBias ? '' : ', bias=False'})`],
    forward: applyActivation(p.activation, `self.${name}(${inputs[0]})`),
    note: from ? `weight rows reordered for the [${from[2]}, ${from[0]}, ${from[1]}] flatten` : undefined,
    state: [kernel],
    back: [{ nodeId: step.nodeId, weight: 'kernel', key: `${name}.weight`, layout: from ? 'linear_chw' : 'linear', args: from ? [...from] : [] }],
  };
  if (p.useBias) {
    code.state.push({ key: `${name}.bias`, dtype: 'F32', shape: [p.units], values: () => weight('bias') });
    code.back.push({ nodeId: step.nodeId, weight: 'bias', key: `${name}.bias`, layout: 'vector', args: [] });
  }
  return code;
};

/**
 * Flatten: the app flattens NHWC row-major. When every reader takes PyTorch's channel-major order
 * (a Linear whose weight is reordered at export, through activations, dropout, batch norm), it is
 * a plain `torch.flatten`; otherwise the map is permuted to NHWC first.
 */
export const flatten: Emitter<'Flatten'> = ({ step, inputs, absorbsOrder }) => {
  const shape = step.inputShapes[0];
  if (shape.length !== 3) return { init: [], forward: inputs[0], note: 'already a vector', state: [], back: [] };
  const trivial = shape[2] === 1 || shape[0] * shape[1] === 1;
  if (absorbsOrder || trivial) return { init: [], forward: `torch.flatten(${inputs[0]}, 1)`, state: [], back: [] };
  return { init: [], forward: `torch.flatten(${inputs[0]}.permute(0, 2, 3, 1), 1)`, note: 'NHWC order, as the app flattens', state: [], back: [] };
};

export const activation: Emitter<'Activation'> = ({ step, name, inputs }) => ({
  init: [`self.${name} = ${activationModule(step.params.fn, step.params.alpha)}`],
  forward: `self.${name}(${inputs[0]})`, state: [], back: [],
});

export const dropout: Emitter<'Dropout'> = ({ step, name, inputs }) => ({
  init: [`self.${name} = nn.Dropout(${formatFloat(step.params.rate)})`],
  forward: `self.${name}(${inputs[0]})`, state: [], back: [],
});

/** BatchNorm over the channels (dim 1), eps as given, momentum 1 - Keras' 0.99. */
export const batchNorm: Emitter<'BatchNorm'> = ({ step, name, inputs, weight, flattenedFrom }) => {
  const shape = step.outputShape;
  const c = shape[shape.length - 1];
  const from = flattenedFrom(0);
  const module = shape.length === 3 ? 'BatchNorm2d' : 'BatchNorm1d';
  const vector = (ours: string, key: string): [StateTensor, WeightBack] => [
    { key: `${name}.${key}`, dtype: 'F32', shape: [c], values: () => (from ? permute(weight(ours), from, [2, 0, 1]) : weight(ours)) },
    { nodeId: step.nodeId, weight: ours, key: `${name}.${key}`, layout: from ? 'vector_chw' : 'vector', args: from ? [...from] : [] },
  ];
  const pairs = [vector('gamma', 'weight'), vector('beta', 'bias'), vector('movingMean', 'running_mean'), vector('movingVariance', 'running_var')];
  const momentum = formatFloat(1 - KERAS_BATCH_NORM_MOMENTUM);
  return {
    init: [`self.${name} = nn.${module}(${c}, eps=${formatFloat(step.params.epsilon)}, momentum=${momentum})  # Keras momentum ${KERAS_BATCH_NORM_MOMENTUM}`],
    forward: `self.${name}(${inputs[0]})`,
    note: from ? 'statistics reordered for the channel-major flatten' : undefined,
    state: [
      ...pairs.map(([s]) => s),
      { key: `${name}.num_batches_tracked`, dtype: 'I64', shape: [], values: () => new BigInt64Array(1) },
    ],
    back: pairs.map(([, b]) => b),
  };
};

export const add: Emitter<'Add'> = ({ inputs }) => ({ init: [], forward: inputs.join(' + '), state: [], back: [] });

export const concatenate: Emitter<'Concatenate'> = ({ inputs }) => ({ init: [], forward: `torch.cat([${inputs.join(', ')}], dim=1)`, state: [], back: [] });

export { applyActivation };

/** Rescaling: `x * scale + offset` in forward (PyTorch has no module for it; torchvision's transforms do it outside the model). */
export const rescaling: Emitter<'Rescaling'> = ({ step, inputs }) => {
  const { scale, offset } = step.params;
  // As the ONNX export: the multiply is left out only for scale 1 with an offset.
  const scaled = scale === 1 && offset !== 0 ? inputs[0] : `${inputs[0]} * ${formatFloat(scale)}`;
  const forward = offset === 0 ? scaled : `${scaled} ${offset < 0 ? '-' : '+'} ${formatFloat(Math.abs(offset))}`;
  return { init: [], forward, state: [], back: [] };
};
