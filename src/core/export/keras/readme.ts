import type { Shape } from '../../graph/types';

export interface KerasReadmeOptions { title: string; inputShapes: readonly Shape[]; weightsNote: string; hasWeights: boolean }

/** The bundle's README.md: what each file is, then how to load it in Keras and in TensorFlow.js. */
export function writeKerasReadme(o: KerasReadmeOptions): string {
  const shapes = o.inputShapes.map((s) => `[N, ${s.join(', ')}]`).join(', ');
  const sample = o.inputShapes.map((s) => `np.random.rand(8, ${s.join(', ')}).astype('float32')`).join(', ');
  return [
    `# ${o.title} in Keras`,
    '',
    'Exported from CNN Graph Studio. Keras uses the app\'s conventions (channels last, HWIO kernels,',
    `TensorFlow's 'same'), so the weights are the app's as they are. Input ${shapes}, channels last.`,
    '',
    '- `model.py`: `build_model()` in the Keras functional API and `load_model()`, which sets the weights of `weights.npz`',
    ...(o.hasWeights ? ['- `weights.npz`: each layer\'s weights keyed `layer/weight` (`conv1/kernel`)'] : []),
    `- \`model.json\`${o.hasWeights ? ' + `weights.bin`' : ''}: the same model in the TensorFlow.js Layers format`,
    '',
    `**Weights.** ${o.weightsNote}`,
    '',
    '## Keras (Python)',
    '',
    '```python',
    'import numpy as np',
    'from model import load_model',
    'model = load_model()' + (o.hasWeights ? '  # weights loaded' : ''),
    `y = model.predict(${o.inputShapes.length === 1 ? sample : `[${sample}]`})`,
    '```',
    '',
    'To train it, `model.compile(...)` and `model.fit(...)` as any Keras model.',
    '',
    '## TensorFlow.js',
    '',
    '```js',
    "const model = await tf.loadLayersModel('file://path/to/model.json'); // or an http(s) URL",
    '```',
    '',
    'A Keras file from the same model: `tensorflowjs_converter --input_format tfjs_layers_model --output_format keras model.json model.h5`.',
    '',
  ].join('\n');
}
