import type { Shape } from '../../graph/types';
import { nchwShape } from '../tensorLayout';

export interface ReadmeOptions {
  title: string;
  inputShapes: readonly Shape[];
  weightsNote: string;
  hasWeights: boolean;
  optimizer: string;
}

/** The bundle's README.md: what each file is, then verify, train on one machine, train with torchrun on several. */
export function writeReadme(o: ReadmeOptions): string {
  const shapes = o.inputShapes.map((s) => `[${nchwShape(0, s).map((d, i) => (i === 0 ? 'N' : d)).join(', ')}]`).join(', ');
  const sample = o.inputShapes.map((s) => `torch.randn(${nchwShape(8, s).join(', ')})`).join(', ');
  const files = [
    `- \`model.py\`: \`class Model(torch.nn.Module)\`, input ${shapes} (channels first), and \`load_model()\``,
    ...(o.hasWeights ? [
      '- `weights.safetensors`: the weights, keyed like `Model().state_dict()`',
      '- `reference.npz`, `verify.py`: an input and the app\'s output for it, and the check that PyTorch agrees',
    ] : []),
    '- `train.py`: training with DistributedDataParallel (`torchrun`)',
    '- `graph.cnn.json`: the graph (without weights), which `train.py --export-graph` fills with the trained weights',
  ];
  const check = o.hasWeights
    ? ['## Check the export', '', '```sh', 'python verify.py', '```', '',
      'It runs `model.py` on the reference input and prints the largest difference from the app\'s output',
      '(below 1e-4 of the output\'s magnitude, or it says FAILED and exits 1).', '']
    : ['## Check the export', '', 'This bundle was exported with `--no-weights`: there is no reference output to compare with.', ''];
  return [
    `# ${o.title} in PyTorch`,
    '',
    'Exported from CNN Graph Studio. Needs PyTorch (1.13 or newer) and NumPy; the `safetensors` package is',
    'used when installed (model.py reads the file itself otherwise), torchvision only to read image folders.',
    '',
    ...files,
    '',
    `**Weights.** ${o.weightsNote}`,
    '',
    ...check,
    '## Use it',
    '',
    '```python',
    'from model import load_model',
    'model = load_model()  # eval mode' + (o.hasWeights ? ', weights loaded' : ''),
    `y = model(${sample})`,
    '```',
    '',
    '## Train on one machine',
    '',
    '```sh',
    'python train.py --data DIR --epochs 5 --batch 32 --lr 0.001',
    '```',
    '',
    'DIR is a folder with one subfolder of images per class, or an `.npz` with `x` (`[N, H, W, C]` as in the app,',
    `or \`[N, C, H, W]\`) and \`y\` (class indices). The optimizer is ${o.optimizer}. Rank 0 writes`,
    '`checkpoints/epoch-E.safetensors` after every epoch (`--out` to change the folder); `--steps N` stops early;',
    '`--export-graph trained.cnn.json` writes the graph with the trained weights, which the app opens.',
    '',
    '## Train on several machines',
    '',
    '```sh',
    '# several processes on one machine',
    'torchrun --standalone --nproc_per_node=2 train.py --data DIR --epochs 5 --batch 32',
    '# on each of M machines with N processes (GPUs) each',
    'torchrun --nnodes=M --nproc_per_node=N --rdzv_backend=c10d --rdzv_endpoint=HOST:29500 train.py --data DIR --epochs 5 --batch 32',
    '```',
    '',
    'DistributedDataParallel over gloo on CPUs and nccl on GPUs; a DistributedSampler gives each process its',
    'share of the data, and `--batch` is per process.',
    '',
  ].join('\n');
}
