import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assignPythonNames, describeForPython, pythonStringLiteral, toSnakeIdentifier } from '../../src/core/export/pythonNames';
import { SYSTEM_PYTHON } from '../oracles/python';

describe('python names', () => {
  it.each([
    ['C1', 'c1'], ['convBlock1', 'conv_block1'], ['Conv 1 (3x3)', 'conv_1_3x3'], ['__init__', 'init'],
    ['Schicht_ü', 'schicht_u'], ['ﬁlter', 'filter'], ['1st', 'layer_1st'], ['卷积', ''], ['HTTPLayer', 'http_layer'],
  ])('%s -> %s', (name, id) => expect(toSnakeIdentifier(name)).toBe(id));

  it('keywords, nn.Module attributes and names the code uses get an underscore; collisions a number', () => {
    const layers = ['class', 'lambda', '__init__', 'forward', 'training', 'F', 'torch', 'a b', 'a_b', 'A-B', '卷积', '卷积'].map((name, i) => ({ id: `n${i}`, name, kind: 'Conv2D' }));
    expect([...assignPythonNames(layers).values()]).toEqual(['class_', 'lambda_', 'init', 'forward_', 'training_', 'f_', 'torch_', 'a_b', 'a_b_2', 'a_b_3', 'conv2d', 'conv2d_2']);
  });

  it('every assigned name is an identifier Python accepts and no keyword (checked by Python)', () => {
    const tricky = ['class', 'match', 'None', 'True', 'async', '__class__', '0', '', '-', 'é', '\u2028', 'x\ny', '💥', 'self', 'nn'];
    const names = [...assignPythonNames(tricky.map((name, i) => ({ id: `n${i}`, name, kind: 'Dense' }))).values()];
    const script = 'import json, keyword, sys\nnames = json.load(sys.stdin)\nprint(json.dumps([n.isidentifier() and not keyword.iskeyword(n) and not keyword.issoftkeyword(n) for n in names]))';
    const r = spawnSync(SYSTEM_PYTHON, ['-c', script], { input: JSON.stringify(names), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(names.map(() => true));
    expect(new Set(names).size).toBe(names.length);
  });

  it('labels and literals cannot end a Python comment or string early (checked by Python)', () => {
    const labels = ['a\nb', 'tab\there', 'quote " and \\', 'line\u2028sep', 'Schicht ü 卷积 💥', "it's"];
    const source = labels.map((l, i) => `x${i} = 1  # ${describeForPython(l)}\ns${i} = ${pythonStringLiteral(l)}`).join('\n');
    const script = `import json, sys\nsrc = sys.stdin.read()\nns = {}\nexec(compile(src, 'labels', 'exec'), ns)\nprint(json.dumps([ns['s%d' % i] for i in range(${labels.length})]))`;
    const r = spawnSync(SYSTEM_PYTHON, ['-c', script], { input: source, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(labels);
    expect(source.split('\n')).toHaveLength(2 * labels.length);
  });
});
