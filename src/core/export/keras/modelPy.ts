import { describeForPython, pythonStringLiteral } from '../pythonNames';
import type { KerasModel } from './buildKerasModel';
import type { KerasLayer, KerasValue } from './kerasLayer';

export interface KerasModelPyOptions {
  title: string;
  /** The Keras model's name (an identifier). */
  modelName: string;
  weightsNote: string;
  hasWeights: boolean;
}

/** A Keras argument as Python writes it: lists as tuples (`(3, 3)`, `(5,)`), True/False/None. */
export function pythonValue(v: KerasValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return pythonStringLiteral(v);
  return v.length === 1 ? `(${pythonValue(v[0])},)` : `(${v.map(pythonValue).join(', ')})`;
}

function call(layer: KerasLayer): string {
  const args = [...Object.entries(layer.args).map(([k, v]) => `${k}=${pythonValue(v)}`), `name=${pythonStringLiteral(layer.name)}`].join(', ');
  if (layer.className === 'InputLayer') return `keras.Input(${args})`;
  const input = layer.inputs.length === 1 ? layer.inputs[0] : `[${layer.inputs.join(', ')}]`;
  return `layers.${layer.className}(${args})(${input})`;
}

/**
 * model.py: `build_model()` with the Keras functional API, one line per layer
 * (`c1 = layers.Conv2D(...)(in_)`), the layers and arguments of model.json in the same order, and
 * `load_model()`, which sets each layer's weights from weights.npz (`layer/weight` keys).
 */
export function writeKerasModelPy(model: KerasModel, o: KerasModelPyOptions): string {
  const lines = model.layers.map((layer) => {
    const node = model.nodeOf.get(layer.name);
    const comment = [
      node ? `[N, ${node.shape.join(', ')}]` : '',
      node && node.label.toLowerCase() !== layer.name ? `node "${describeForPython(node.label)}"` : '',
      layer.note ?? '',
    ].filter(Boolean).join('; ');
    return `    ${layer.name} = ${call(layer)}${comment ? `  # ${comment}` : ''}`;
  });
  const withWeights = model.layers.filter((l) => l.weights.length > 0);
  const inputLines = model.inputNames.map((n) => `Input ${n}: [N, ${(model.layers.find((l) => l.name === n)!.args.shape as number[]).join(', ')}] (channels last, as in the app).`);
  return [
    `"""${describeForPython(o.title)}: a Keras model exported from CNN Graph Studio.`,
    '',
    ...inputLines,
    o.weightsNote,
    'load_model() builds it with the functional API and sets the weights of weights.npz beside this file;',
    'model.json and weights.bin are the same model in the TensorFlow.js Layers format.',
    '"""',
    'import os',
    'import warnings',
    '',
    'import numpy as np',
    'import keras',
    'from keras import layers',
    '',
    `WEIGHTS_FILE = ${o.hasWeights ? "'weights.npz'" : 'None'}`,
    '',
    "# Each layer's weights in the order set_weights() takes them; WEIGHTS_FILE keys them 'layer/weight'.",
    'LAYER_WEIGHTS = {',
    ...withWeights.map((l) => `    ${pythonStringLiteral(l.name)}: [${l.weights.map((w) => pythonStringLiteral(w.name)).join(', ')}],`),
    '}',
    '',
    '',
    'def build_model():',
    `    """${describeForPython(o.title)}, layer for layer as in the app (each node's output shape beside it)."""`,
    ...lines,
    `    return keras.Model(inputs=[${model.inputNames.join(', ')}], outputs=[${model.outputNames.join(', ')}], name=${pythonStringLiteral(o.modelName)})`,
    '',
    '',
    'def load_model(directory=None):',
    '    """build_model() with the weights of WEIGHTS_FILE, read from `directory` (default: beside this file)."""',
    '    model = build_model()',
    '    if WEIGHTS_FILE is None:',
    '        warnings.warn("exported with --no-weights: the model has Keras\' default initial weights")',
    '        return model',
    '    directory = directory or os.path.dirname(os.path.abspath(__file__))',
    '    with np.load(os.path.join(directory, WEIGHTS_FILE)) as arrays:',
    '        for name, names in LAYER_WEIGHTS.items():',
    "            model.get_layer(name).set_weights([arrays[name + '/' + w] for w in names])",
    '    return model',
    '',
  ].join('\n');
}
