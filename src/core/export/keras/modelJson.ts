import { float32Bytes } from '../safetensors';
import type { KerasModel } from './buildKerasModel';

/** The weights file model.json's manifest names; one file keeps the bundle simple (tfjs reads several too). */
export const WEIGHTS_BIN = 'weights.bin';

/** A weight's name in the manifest and in weights.npz: `layer/weight`, as Keras and tfjs name variables. */
export const weightKey = (layer: string, weight: string) => `${layer}/${weight}`;

/**
 * model.json in the TensorFlow.js Layers format: the Keras functional topology
 * (`{class_name: 'Functional', config: {layers, input_layers, output_layers}}`, Keras' own
 * snake_case config) and a weights manifest of float32 tensors in `weights.bin`, in layer order.
 * `tf.loadLayersModel` reads it; `tensorflowjs_converter --input_format tfjs_layers_model
 * --output_format keras` turns it into a Keras file. Without weights the manifest is empty.
 */
export function writeModelJson(model: KerasModel, title: string, hasWeights: boolean): string {
  const layers = model.layers.map((l) => {
    const config = l.className === 'InputLayer'
      ? { batch_input_shape: [null, ...(l.args.shape as number[])], dtype: 'float32', sparse: false, name: l.name }
      : { name: l.name, trainable: true, dtype: 'float32', ...l.args };
    return {
      class_name: l.className,
      name: l.name,
      config,
      inbound_nodes: l.inputs.length === 0 ? [] : [l.inputs.map((input) => [input, 0, 0, {}])],
    };
  });
  const weights = hasWeights
    ? model.layers.flatMap((l) => l.weights.map((w) => ({ name: weightKey(l.name, w.name), shape: [...w.shape], dtype: 'float32' })))
    : [];
  const json = {
    format: 'layers-model',
    generatedBy: 'CNN Graph Studio',
    convertedBy: null,
    modelTopology: {
      class_name: 'Functional',
      config: {
        name: title,
        layers,
        input_layers: model.inputNames.map((n) => [n, 0, 0]),
        output_layers: model.outputNames.map((n) => [n, 0, 0]),
      },
      keras_version: '2.15.0',
      backend: 'tensorflow',
    },
    weightsManifest: weights.length > 0 ? [{ paths: [WEIGHTS_BIN], weights }] : [],
  };
  return `${JSON.stringify(json, null, 1)}\n`;
}

/** weights.bin: every weight's float32 little-endian bytes, in the manifest's order. */
export function writeWeightsBin(model: KerasModel): Uint8Array {
  const arrays = model.layers.flatMap((l) => l.weights.map((w) => {
    const values = w.values();
    const expected = w.shape.reduce((a, b) => a * b, 1);
    if (values.length !== expected) throw new Error(`${weightKey(l.name, w.name)}: ${values.length} values for shape [${w.shape.join(', ')}]`);
    return values;
  }));
  const bytes = new Uint8Array(arrays.reduce((s, a) => s + a.length * 4, 0));
  let offset = 0;
  for (const a of arrays) {
    bytes.set(float32Bytes(a), offset);
    offset += a.length * 4;
  }
  return bytes;
}
