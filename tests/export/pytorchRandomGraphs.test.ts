import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileGraph } from '../../src/core/compile/compileGraph';
import { ACTIVATIONS } from '../../src/core/graph/types';
import { getLayer } from '../../src/core/layers/registry';
import { checkBundlesWithTorch, writeBundle } from './pytorchOracle';
import { buildRandomGraph, RANDOM_KINDS } from './randomExportGraphs';

const GRAPHS = 220;
const TOLERANCE = 1e-4;
const dir = mkdtempSync(path.join(tmpdir(), 'export-torch-random-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`${GRAPHS} random graphs exported to PyTorch`, () => {
  const graphs = Array.from({ length: GRAPHS }, (_, i) => buildRandomGraph(1000 + i));

  it('cover every kind, padding form, strides, dilation, groups, output padding, branches and several inputs/outputs', () => {
    const seen = new Set<string>();
    for (const { doc } of graphs) {
      const compiled = compileGraph(doc);
      if (!compiled.ok) throw new Error(`seed ${doc.name}: ${compiled.message}`);
      if (compiled.plan.outputs.length > 1) seen.add('several outputs');
      if (compiled.plan.inputs.length > 1) seen.add('several inputs');
      for (const n of doc.nodes) {
        const p = n.params;
        seen.add(n.kind);
        if (p.padding !== undefined) seen.add(`padding ${typeof p.padding === 'string' ? p.padding : typeof p.padding === 'number' ? 'number' : 'explicit'} ${n.kind}`);
        if (JSON.stringify(p.strides ?? 1).match(/[2-9]/)) seen.add('strides > 1');
        if (JSON.stringify(p.dilation ?? 1).match(/[2-9]/)) seen.add('dilation > 1');
        if (typeof p.groups === 'number' && p.groups > 1) seen.add('groups > 1');
        if (p.outputPadding !== undefined && p.outputPadding !== null) seen.add('outputPadding');
        if (typeof p.activation === 'string') seen.add(`fn ${p.activation}`);
        if (typeof p.fn === 'string') seen.add(`fn ${p.fn}`);
        if (p.alpha !== undefined) seen.add('alpha');
        if (p.ceilMode === true) seen.add('ceilMode');
        if (p.countIncludePad === true) seen.add('countIncludePad');
        if (n.kind === 'Multiply' && doc.edges.filter((e) => e.target === n.id).length > 1) seen.add('Multiply');
      }
    }
    const wanted = [
      ...RANDOM_KINDS, 'several outputs', 'several inputs', 'strides > 1', 'dilation > 1', 'groups > 1', 'outputPadding', 'alpha',
      ...ACTIVATIONS.map((a) => `fn ${a}`),
      ...(RANDOM_KINDS.includes('MaxPool2D') && 'ceilMode' in (getLayer('MaxPool2D')?.defaultParams() ?? {}) ? ['ceilMode'] : []),
      ...('countIncludePad' in (getLayer('AvgPool2D')?.defaultParams() ?? {}) ? ['countIncludePad'] : []),
      ...['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose', 'MaxPool2D', 'AvgPool2D'].flatMap((k) => ['valid', 'same', 'number', 'explicit'].map((f) => `padding ${f} ${k}`)),
    ];
    expect(wanted.filter((w) => !seen.has(w))).toEqual([]);
  });

  it('agree with our runtime within 1e-4 of the output magnitude, all in one Python process', { timeout: 1_200_000 }, () => {
    const started = performance.now();
    const dirs = graphs.map(({ doc, seed }) => {
      const d = path.join(dir, String(seed));
      writeBundle(doc, d);
      return d;
    });
    const exported = performance.now();
    // Each special form of the export is among what PyTorch checks here.
    const sources = dirs.map((d) => readFileSync(path.join(d, 'model.py'), 'utf8')).join('\n');
    const forms = {
      'asymmetric F.pad': /F\.pad\(\w+, \(\d+, \d+, \d+, \d+\)\)/, 'max pool -inf pad': /value=float\('-inf'\)/, 'avg pool real-pixel mean': /torch\.ones_like/,
      'count_include_pad=False': /count_include_pad=False/, 'transposed crop': /\)\[:, :, /, 'output_padding': /output_padding=/, 'NHWC flatten': /permute\(0, 2, 3, 1\)/,
      'reordered Linear': /weight rows reordered/, 'grouped conv': /groups=\d/, 'SeparableConv2d': /SeparableConv2d\(/,
    };
    expect(Object.entries(forms).filter(([, re]) => !re.test(sources)).map(([name]) => name)).toEqual([]);
    const results = checkBundlesWithTorch(dirs);
    const ran = performance.now();
    const worst = results.flatMap((r) => r.relative).reduce((a, b) => Math.max(a, b), 0);
    console.log(`${GRAPHS} random graphs: export ${((exported - started) / 1000).toFixed(1)} s, PyTorch (one process) ${((ran - exported) / 1000).toFixed(1)} s, worst relative difference ${worst.toExponential(2)}`);
    expect(results).toHaveLength(GRAPHS);
    const bad = results.flatMap((r, i) => r.relative.map((rel, k) => ({ seed: graphs[i].seed, output: k, rel, error: r.error }))).filter((x) => !(x.rel <= TOLERANCE));
    expect(bad).toEqual([]);
  });
});
