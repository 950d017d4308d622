import type { Shape, TrainingSettings } from '../../graph/types';
import { pythonStringLiteral } from '../pythonNames';
import type { WeightBack } from './layerCode';

/** The optimizer train.py uses: the graph's training settings when it has them, else Adam. */
export interface TrainSettings { kind: 'adam' | 'adamw' | 'sgd'; lr: number; momentum: number; weightDecay: number; epochs: number; batch: number }

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = { kind: 'adam', lr: 0.001, momentum: 0, weightDecay: 0, epochs: 1, batch: 32 };

/** train.py's defaults from the document's `training` field (its last run in the app), else DEFAULT_TRAIN_SETTINGS. */
export function trainSettingsOf(training: TrainingSettings | undefined): TrainSettings {
  if (!training) return DEFAULT_TRAIN_SETTINGS;
  return { kind: training.optimizer, lr: training.learningRate, momentum: training.momentum, weightDecay: training.weightDecay, epochs: training.epochs, batch: training.batch };
}

/** The optimizer in words, for the bundle's README. */
export function describeTrainSettings(s: TrainSettings, fromGraph: boolean): string {
  const name = s.kind === 'sgd' ? `SGD (momentum ${s.momentum})` : s.kind === 'adamw' ? 'AdamW' : 'Adam';
  const decay = s.weightDecay ? `, weight decay ${s.weightDecay}` : '';
  return `${name}, learning rate ${s.lr}${decay}, batch ${s.batch}, ${s.epochs} epoch${s.epochs === 1 ? '' : 's'}${fromGraph ? ' (the graph\'s last training run in the app)' : ' (the graph has no training settings yet)'}`;
}

export interface TrainPyOptions {
  inputShape: Shape;
  /** How many Inputs and outputs the model has: train.py trains one-input, one-output classifiers. */
  inputCount: number;
  outputCount: number;
  classes: number;
  /** The model ends in a softmax: the loss is the log of its probabilities, not cross-entropy on logits. */
  outputsProbabilities: boolean;
  settings: TrainSettings;
  back: readonly WeightBack[];
}

function tuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/**
 * train.py: DistributedDataParallel training under torchrun (gloo on CPU, nccl on GPUs), or one
 * process under plain python; a DistributedSampler; an ImageFolder-style folder or an .npz with x
 * and y; safetensors checkpoints from rank 0; `--export-graph` writes the graph with the trained
 * weights in the app's layouts (the inverse of the export's moves, listed in WEIGHTS_BACK).
 */
export function writeTrainPy(opts: TrainPyOptions): string {
  const s = opts.inputShape;
  const torchShape = s.length === 3 ? [s[2], s[0], s[1]] : [...s];
  const back = opts.back.map((b) => `    (${pythonStringLiteral(b.nodeId)}, '${b.weight}', '${b.key}', '${b.layout}', ${tuple(b.args).replace('(,)', '()')}),`);
  return `"""Trains model.py's Model with PyTorch DistributedDataParallel.

    python train.py --data DIR --epochs 5 --batch 32                         # one process
    torchrun --standalone --nproc_per_node=N train.py --data DIR ...          # N processes, one machine
    torchrun --nnodes=M --nproc_per_node=N --rdzv_backend=c10d --rdzv_endpoint=HOST:29500 train.py --data DIR ...

--data: a folder with one subfolder of images per class, or an .npz with x ([N, H, W, C] as the app
or [N, C, H, W]) and y (class indices, or one-hot rows). Rank 0 writes checkpoints as safetensors;
--export-graph OUT.cnn.json writes the graph with the trained weights, for the app to open.
"""
import argparse
import base64
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

from model import WEIGHTS_FILE, Model, load_model

HERE = os.path.dirname(os.path.abspath(__file__))
INPUT_SHAPE = ${tuple(torchShape)}  # per sample, channels first
APP_INPUT_SHAPE = ${tuple(s)}  # the same in the app's NHWC
CLASSES = ${opts.classes}
INPUT_COUNT, OUTPUT_COUNT = ${opts.inputCount}, ${opts.outputCount}
OUTPUTS_PROBABILITIES = ${opts.outputsProbabilities ? 'True' : 'False'}
OPTIMIZER = {'kind': '${opts.settings.kind}', 'lr': ${opts.settings.lr}, 'momentum': ${opts.settings.momentum}, 'weight_decay': ${opts.settings.weightDecay}}
# (node id, weight in the graph, state-dict key, layout move, its sizes): how trained weights go back.
WEIGHTS_BACK = [
${back.join('\n')}
]


def parse_args():
    p = argparse.ArgumentParser(description='Train the exported model (DistributedDataParallel under torchrun).')
    p.add_argument('--data', required=True, help='folder of class subfolders, or an .npz with x and y')
    p.add_argument('--epochs', type=int, default=${opts.settings.epochs})
    p.add_argument('--batch', type=int, default=${opts.settings.batch}, help='samples per step and process')
    p.add_argument('--lr', type=float, default=OPTIMIZER['lr'])
    p.add_argument('--steps', type=int, default=None, help='stop after this many steps')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--workers', type=int, default=0, help='DataLoader worker processes')
    p.add_argument('--out', default='checkpoints', help='folder for the checkpoints')
    p.add_argument('--export-graph', default=None, metavar='OUT.cnn.json', help='write the graph with the trained weights')
    args = p.parse_args()
    for name in ('epochs', 'batch'):
        if getattr(args, name) < 1:
            p.error(f'--{name} must be at least 1, got {getattr(args, name)}')
    if args.steps is not None and args.steps < 1:
        p.error(f'--steps must be at least 1, got {args.steps}')
    if not args.lr > 0:
        p.error(f'--lr must be above 0, got {args.lr}')
    return args


def load_dataset(path):
    if path.endswith('.npz') and os.path.isfile(path):
        data = np.load(path)
        if 'x' not in data or 'y' not in data:
            sys.exit(f'{path}: needs arrays x and y, has {sorted(data.keys())}')
        x, y = data['x'].astype(np.float32), data['y']
        if len(APP_INPUT_SHAPE) == 3 and tuple(x.shape[1:]) == APP_INPUT_SHAPE:
            x = x.transpose(0, 3, 1, 2)
        elif tuple(x.shape[1:]) != INPUT_SHAPE:
            sys.exit(f'{path}: x has shape {list(x.shape)}; expected [N, {", ".join(map(str, APP_INPUT_SHAPE))}] or [N, {", ".join(map(str, INPUT_SHAPE))}]')
        if y.ndim == 2:
            y = y.argmax(axis=1)
        if y.shape != (x.shape[0],):
            sys.exit(f'{path}: y has shape {list(y.shape)}; expected [{x.shape[0]}] class indices')
        if not np.all(np.mod(y, 1) == 0):
            sys.exit(f'{path}: y holds values that are not whole class indices (first: {y[np.mod(y, 1) != 0].flat[0]})')
        y = y.astype(np.int64)
        if y.size and (y.min() < 0 or y.max() >= CLASSES):
            sys.exit(f'{path}: labels run from {y.min()} to {y.max()}; the model has {CLASSES} classes')
        return TensorDataset(torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(y))
    if os.path.isdir(path):
        if len(INPUT_SHAPE) != 3:
            sys.exit(f'{path}: an image folder needs an image input; this model takes vectors of {INPUT_SHAPE[0]}: give an .npz')
        channels, height, width = INPUT_SHAPE
        if channels not in (1, 3):
            sys.exit(f'{path}: images have 1 or 3 channels; this model takes {channels}: give an .npz')
        try:
            from torchvision import datasets, transforms
        except ImportError:
            sys.exit('reading an image folder needs torchvision; or give an .npz with x and y')
        steps = [transforms.Resize((height, width))] + ([transforms.Grayscale(1)] if channels == 1 else []) + [transforms.ToTensor()]
        dataset = datasets.ImageFolder(path, transform=transforms.Compose(steps))
        if len(dataset.classes) > CLASSES:
            sys.exit(f'{path}: {len(dataset.classes)} class folders; the model has {CLASSES} classes')
        return dataset
    sys.exit(f'{path}: neither a folder of class subfolders nor an .npz file')


def make_optimizer(parameters, lr):
    kind = OPTIMIZER['kind']
    if kind == 'sgd':
        return torch.optim.SGD(parameters, lr=lr, momentum=OPTIMIZER['momentum'], weight_decay=OPTIMIZER['weight_decay'])
    if kind == 'adamw':
        return torch.optim.AdamW(parameters, lr=lr, weight_decay=OPTIMIZER['weight_decay'])
    return torch.optim.Adam(parameters, lr=lr, weight_decay=OPTIMIZER['weight_decay'])


def write_safetensors(tensors, path):
    """Writes tensors as safetensors (the package's save_file when installed, else the format by hand)."""
    tensors = {k: v.detach().cpu().contiguous() for k, v in tensors.items()}
    try:
        from safetensors.torch import save_file
        return save_file(tensors, path)
    except ImportError:
        pass
    header, chunks, offset = {}, [], 0
    for name, tensor in tensors.items():
        data = tensor.numpy().tobytes()
        dtype = {torch.float32: 'F32', torch.int64: 'I64'}[tensor.dtype]
        header[name] = {'dtype': dtype, 'shape': list(tensor.shape), 'data_offsets': [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':'))
    text += ' ' * (-len(text) % 8)
    with open(path + '.tmp', 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text.encode('ascii'))
        for chunk in chunks:
            f.write(chunk)
    os.replace(path + '.tmp', path)


def to_app_layout(tensor, layout, args):
    """The inverse of the export's move: a state-dict tensor in the graph's layout (HWIO, [in, out], NHWC order)."""
    if layout == 'oihw':
        return tensor.permute(2, 3, 1, 0)
    if layout == 'linear':
        return tensor.t()
    if layout == 'linear_chw':
        h, w, c = args
        return tensor.reshape(-1, c, h, w).permute(2, 3, 1, 0).reshape(h * w * c, -1)
    if layout == 'depthwise':
        channels, multiplier = args
        return tensor[:, 0].permute(1, 2, 0).reshape(tensor.shape[2], tensor.shape[3], channels, multiplier)
    if layout == 'vector_chw':
        h, w, c = args
        return tensor.reshape(c, h, w).permute(1, 2, 0).reshape(-1)
    return tensor


def export_graph(model, path):
    with open(os.path.join(HERE, 'graph.cnn.json'), encoding='utf-8') as f:
        graph = json.load(f)
    state = model.state_dict()
    weights = {}
    for node_id, weight, key, layout, args in WEIGHTS_BACK:
        value = to_app_layout(state[key].detach().cpu().float(), layout, args).contiguous()
        data = base64.b64encode(value.numpy().astype('<f4').tobytes()).decode('ascii')
        weights.setdefault(node_id, {})[weight] = {'shape': list(value.shape), 'data': data}
    graph['weights'] = weights
    with open(path + '.tmp', 'w', encoding='utf-8') as f:
        json.dump(graph, f, indent=2, ensure_ascii=False)
        f.write('\\n')
    os.replace(path + '.tmp', path)


def main():
    args = parse_args()
    if INPUT_COUNT != 1 or OUTPUT_COUNT != 1:
        sys.exit(f'train.py trains a model with one input and one output; this one has {INPUT_COUNT} inputs and {OUTPUT_COUNT} outputs')
    distributed = 'RANK' in os.environ and 'WORLD_SIZE' in os.environ
    if distributed:
        dist.init_process_group('nccl' if torch.cuda.is_available() else 'gloo')
        rank, world, local_rank = dist.get_rank(), dist.get_world_size(), int(os.environ.get('LOCAL_RANK', 0))
    else:
        rank, world, local_rank = 0, 1, 0
    device = torch.device(f'cuda:{local_rank}' if torch.cuda.is_available() else 'cpu')
    if device.type == 'cuda':
        torch.cuda.set_device(device)
    torch.manual_seed(args.seed)
    model = (load_model() if WEIGHTS_FILE else Model()).to(device).train()
    net = DistributedDataParallel(model, device_ids=[local_rank] if device.type == 'cuda' else None) if distributed else model
    dataset = load_dataset(args.data)
    if len(dataset) == 0:
        sys.exit(f'{args.data}: no samples')
    sampler = DistributedSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=args.seed) if distributed else None
    generator = torch.Generator().manual_seed(args.seed)
    loader = DataLoader(dataset, batch_size=args.batch, sampler=sampler, shuffle=sampler is None, generator=generator, num_workers=args.workers)
    optimizer = make_optimizer(model.parameters(), args.lr)
    if rank == 0:
        os.makedirs(args.out, exist_ok=True)
        backend = dist.get_backend() if distributed else 'no'
        print(f'training on {len(dataset)} samples, {world} process(es) on {device.type} ({backend} backend), {OPTIMIZER["kind"]} lr {args.lr}', flush=True)
    step = 0
    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        totals = torch.zeros(3, dtype=torch.float64, device=device)  # loss sum, correct, samples
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            out = net(x)
            loss = F.nll_loss(torch.log(out.clamp_min(1e-12)), y) if OUTPUTS_PROBABILITIES else F.cross_entropy(out, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            totals += torch.tensor([loss.item() * len(y), (out.argmax(1) == y).sum().item(), len(y)], dtype=torch.float64, device=device)
            step += 1
            if args.steps is not None and step >= args.steps:
                break
        if distributed:
            dist.all_reduce(totals)
        if rank == 0:
            loss_sum, correct, seen = totals.tolist()
            print(f'epoch {epoch + 1}: loss {loss_sum / max(seen, 1):.4f}, accuracy {correct / max(seen, 1):.4f} ({int(seen)} samples, {step} steps)', flush=True)
            write_safetensors(model.state_dict(), os.path.join(args.out, f'epoch-{epoch + 1}.safetensors'))
        if args.steps is not None and step >= args.steps:
            break
    if rank == 0 and args.export_graph:
        export_graph(model, args.export_graph)
        print(f'wrote {args.export_graph}', flush=True)
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
`;
}
