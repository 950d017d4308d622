import { describe, expect, it } from 'vitest';
import { findPreset } from '../../../src/core/presets';
import { inferShapes } from '../../../src/core/shape/inferShapes';
import { runPythonJson } from '../../oracles/python';

/**
 * The SqueezeNet 1.1 preset against torchvision's own model, module by module: forward hooks on
 * every module record its output shape (one Python process); each preset node must be a module
 * of that name with the same shape, and every module a node, except the ReLUs, which must follow
 * a convolution whose fused activation is relu.
 */
const SCRIPT = `
import json, sys, torch, torchvision
m = torchvision.models.squeezenet1_1().eval()
shapes, relus, producer = {}, {}, {}
ceil = {name: mod.ceil_mode for name, mod in m.named_modules() if isinstance(mod, torch.nn.MaxPool2d)}
def hook(name, module):
    def run(mod, inputs, out):
        global shapes
        if isinstance(mod, torch.nn.ReLU):
            relus[name] = producer[inputs[0].data_ptr()]
            return
        s = list(out.shape)
        shapes[name] = [s[1]] if s[2:] == [1, 1] else [s[2], s[3], s[1]]
        if not isinstance(mod, torch.nn.Dropout):
            producer[out.data_ptr()] = name
    return run
kinds = {}
for name, module in m.named_modules():
    if name == '' or name in ('features', 'classifier'):
        continue
    kinds[name] = type(module).__name__
    module.register_forward_hook(hook(name, module))
# 224 as published, and 230, where rounding up gives the pools 57 rows instead of 56.
by_size = {}
for size in json.load(sys.stdin):
    shapes = {}
    with torch.no_grad():
        m(torch.zeros(1, 3, size, size))
    by_size[size] = shapes
print(json.dumps({'shapes': by_size, 'relus': relus, 'kinds': kinds, 'ceil': ceil, 'params': sum(p.numel() for p in m.parameters())}))
`;

interface Torch { shapes: Record<string, Record<string, number[]>>; relus: Record<string, string>; kinds: Record<string, string>; ceil: Record<string, boolean>; params: number }

const KIND_OF: Record<string, string> = {
  Conv2d: 'Conv2D', MaxPool2d: 'MaxPool2D', Fire: 'Concatenate', Dropout: 'Dropout', AdaptiveAvgPool2d: 'GlobalAvgPool2D',
};

describe('SqueezeNet 1.1 against torchvision', () => {
  const SIZES = [224, 230];
  const torch = runPythonJson<Torch>(SCRIPT, SIZES);
  const doc = findPreset('squeezenet1_1')!.doc;
  const inference = inferShapes(doc);
  const atSize = (size: number) => {
    const resized = structuredClone(doc);
    resized.nodes.find((n) => n.kind === 'Input')!.params.shape = [size, size, 3];
    return inferShapes(resized);
  };

  it('has torchvision\'s parameter count', () => {
    expect(torch.params).toBe(1_235_496);
    let ours = 0;
    for (const n of inference.nodes.values()) ours += n.trainableParams + n.nonTrainableParams;
    expect(ours).toBe(torch.params);
  });

  it('has a node of the same kind for every module but the ReLUs, and nothing else', () => {
    const nodes = doc.nodes.filter((n) => n.kind !== 'Input');
    const modules = Object.keys(torch.kinds).filter((name) => torch.kinds[name] !== 'ReLU');
    expect(nodes.map((n) => n.id).sort()).toEqual(modules.sort());
    for (const n of nodes) expect(n.kind, n.id).toBe(KIND_OF[torch.kinds[n.id]]);
  });

  it.each(SIZES)('gives every node its module\'s output shape on a %i x %i input', (size) => {
    const inferred = atSize(size);
    expect(inferred.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const n of doc.nodes.filter((x) => x.kind !== 'Input')) {
      expect(inferred.nodes.get(n.id)!.outputShape, n.id).toEqual(torch.shapes[size][n.id]);
    }
  });

  it('needs ceilMode for those shapes: rounding down gives the 230 input other pool sizes', () => {
    const floor = structuredClone(doc);
    floor.nodes.find((n) => n.kind === 'Input')!.params.shape = [230, 230, 3];
    for (const n of floor.nodes) if (n.kind === 'MaxPool2D') n.params.ceilMode = false;
    expect(inferShapes(floor).nodes.get('features.2')!.outputShape).not.toEqual(torch.shapes[230]['features.2']);
  });

  it('fuses each ReLU into the convolution it follows', () => {
    const relus = Object.entries(torch.relus);
    expect(relus).toHaveLength(2 + 3 * 8);
    for (const [relu, conv] of relus) {
      const node = doc.nodes.find((n) => n.id === conv);
      expect(node?.kind, relu).toBe('Conv2D');
      expect(node!.params.activation, relu).toBe('relu');
    }
    const convs = doc.nodes.filter((n) => n.kind === 'Conv2D');
    expect(convs.map((n) => n.id).sort()).toEqual([...new Set(relus.map(([, conv]) => conv))].sort());
  });

  it('rounds its max pools up as torchvision\'s ceil_mode=True does', () => {
    const pools = doc.nodes.filter((n) => n.kind === 'MaxPool2D');
    expect(pools.map((n) => n.id)).toEqual(Object.keys(torch.ceil));
    expect(Object.values(torch.ceil).every(Boolean)).toBe(true);
    for (const p of pools) expect(inference.nodes.get(p.id)!.params).toMatchObject({ poolSize: 3, strides: 2, ceilMode: true });
  });
});
