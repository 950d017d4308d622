import { describe, expect, it } from 'vitest';
import { findPreset } from '../../../src/core/presets';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { runPythonJson } from '../../oracles/python';

/**
 * EfficientNet-B0 and U-Net node by node against PyTorch (one Python process): torchvision's
 * efficientnet_b0 with a forward hook on every module, and the U-Net of Ronneberger et al. written
 * out in plain torch.nn with our node names. Shapes are compared NHWC; the param counts are
 * PyTorch's own.
 */

const SCRIPT = String.raw`
import json, sys, torch, torchvision
from torch import nn
torch.set_grad_enabled(False)

def nhwc(t):
    s = list(t.shape[1:])
    return [s[1], s[2], s[0]] if len(s) == 3 else s

def efficientnet():
    m = torchvision.models.efficientnet_b0().eval()
    shapes = {}
    for name, mod in m.named_modules():
        if name:
            mod.register_forward_hook(lambda _m, _i, out, name=name: shapes.__setitem__(name, nhwc(out)))
    m(torch.zeros(1, 3, 224, 224))
    return {'shapes': shapes, 'params': sum(p.numel() for p in m.parameters())}

def unet():
    shapes, params = {}, 0
    def layer(name, module, x):
        nonlocal params
        params += sum(p.numel() for p in module.parameters())
        y = module(x)
        shapes[name] = nhwc(y)
        return y
    def double(p, x, cin, cout):
        x = torch.relu(layer(p + '.conv1', nn.Conv2d(cin, cout, 3), x))
        return torch.relu(layer(p + '.conv2', nn.Conv2d(cout, cout, 3), x))
    x = torch.zeros(1, 1, 572, 572)
    skips, cin = [], 1
    for level, width in enumerate([64, 128, 256, 512]):
        x = double('down%d' % (level + 1), x, cin, width)
        skips.append(x)
        x = layer('pool%d' % (level + 1), nn.MaxPool2d(2), x)
        cin = width
    x = double('bottom', x, 512, 1024)
    for level, width in reversed(list(enumerate([64, 128, 256, 512]))):
        p = 'up%d' % (level + 1)
        up = layer(p + '.upconv', nn.ConvTranspose2d(width * 2, width, 2, stride=2), x)
        skip = skips[level]
        m = (skip.shape[2] - up.shape[2]) // 2
        cropped = skip[:, :, m:m + up.shape[2], m:m + up.shape[3]]
        shapes[p + '.crop'] = nhwc(cropped)
        x = torch.cat([cropped, up], 1)
        shapes[p + '.concat'] = nhwc(x)
        x = double(p, x, width * 2, width)
    layer('output', nn.Conv2d(64, 2, 1), x)
    return {'shapes': shapes, 'params': params}

print(json.dumps({'efficientnet_b0': efficientnet(), 'unet': unet()}))
`;

interface TorchModel { shapes: Record<string, number[]>; params: number }

describe('EfficientNet-B0 and U-Net against PyTorch', () => {
  const torch = runPythonJson<Record<string, TorchModel>>(SCRIPT, null);

  const compare = (id: string, torchName: (ours: string) => string) => {
    const inf = inferShapes(findPreset(id)!.doc);
    expect(inf.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    let trainable = 0;
    let compared = 0;
    for (const [nodeId, n] of inf.nodes) {
      trainable += n.trainableParams;
      const reference = torch[id].shapes[torchName(nodeId)];
      if (!reference) continue;
      const ours = n.outputShape!;
      // Squeeze-and-excitation's Dense layers give [c] where torch's 1x1 convolutions give [1, 1, c].
      if (ours.length === 1) expect(reference.reduce((a, b) => a * b, 1), nodeId).toBe(ours[0]);
      else expect(ours, nodeId).toEqual(reference);
      compared++;
    }
    return { trainable, compared, nodes: inf.nodes.size };
  };

  it('EfficientNet-B0: 5,288,548 params as torchvision counts them, and every module\'s shape', () => {
    // A torchvision SqueezeExcitation module's output is our gate's product; an MBConv's, our residual sum.
    const r = compare('efficientnet_b0', (name) => name.replace(/\.(scale|add)$/, ''));
    expect(torch.efficientnet_b0.params).toBe(5_288_548);
    expect(r.trainable).toBe(torch.efficientnet_b0.params);
    expect(r.compared).toBeGreaterThan(r.nodes * 0.9);
  });

  it('U-Net: 388x388x2 out of a 572x572x1 tile, with PyTorch\'s param count and shapes', () => {
    const r = compare('unet', (name) => name);
    expect(torch.unet.shapes.output).toEqual([388, 388, 2]);
    expect(r.trainable).toBe(torch.unet.params);
    expect(r.compared).toBe(r.nodes - 1);
  });
});
