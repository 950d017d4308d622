import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../src/core/compile/compileGraph';
import { ACTIVATIONS } from '../../../src/core/graph/types';
import { RANDOM_KINDS } from '../randomExportGraphs';
import { compareWithRuntime, kerasBundle, loadBundle, textOf, useTfjsCpu } from './kerasOracle';
import { acceptedRandomGraphs, KNOWN_REFUSALS } from './kerasRandomGraphs';

const GRAPHS = 220;
const TOLERANCE = 1e-4;
const BATCH = 3;
const { graphs, refusals } = acceptedRandomGraphs(GRAPHS, 1000);

describe(`${GRAPHS} random graphs exported to Keras and run by tfjs-layers`, () => {
  beforeAll(useTfjsCpu);

  it('are refused only for what tfjs-layers has no form for', () => {
    expect(refusals.filter((r) => !KNOWN_REFUSALS.some((re) => re.test(r)))).toEqual([]);
  });

  it('cover every kind, the padding forms, strides, dilation, branches and several inputs/outputs', () => {
    const seen = new Set<string>();
    const sources: string[] = [];
    for (const { doc } of graphs) {
      const compiled = compileGraph(doc);
      if (!compiled.ok) throw new Error(compiled.message);
      if (compiled.plan.outputs.length > 1) seen.add('several outputs');
      if (compiled.plan.inputs.length > 1) seen.add('several inputs');
      for (const n of doc.nodes) {
        const p = n.params;
        seen.add(n.kind);
        if (p.padding !== undefined && n.kind !== 'ZeroPadding2D') seen.add(`padding ${typeof p.padding === 'string' ? p.padding : typeof p.padding === 'number' ? 'number' : 'explicit'} ${n.kind}`);
        if (JSON.stringify(p.strides ?? 1).match(/[2-9]/)) seen.add('strides > 1');
        if (JSON.stringify(p.dilation ?? 1).match(/[2-9]/)) seen.add('dilation > 1');
        if (typeof p.activation === 'string') seen.add(`fn ${p.activation}`);
        if (typeof p.fn === 'string') seen.add(`fn ${p.fn}`);
      }
    }
    for (const { doc } of graphs.slice(0, 120)) sources.push(textOf(kerasBundle(doc, 'none')['model.json']), textOf(kerasBundle(doc, 'none')['model.py']));
    const json = sources.join('\n');
    const kerasForms = ['"ZeroPadding2D"', '"Cropping2D"', '"DepthwiseConv2D"', '"SeparableConv2D"', '"Conv2DTranspose"', '"LeakyReLU"', '"ReLU"', 'identity copy', '"Reshape"', '"Multiply"', '"padding": "same"'];
    const wanted = [
      ...RANDOM_KINDS, 'several outputs', 'several inputs', 'strides > 1', 'dilation > 1',
      ...ACTIVATIONS.filter((a) => !['geluTanh', 'hardSigmoid', 'hardSwish'].includes(a)).map((a) => `fn ${a}`),
      ...['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose', 'MaxPool2D', 'AvgPool2D'].flatMap((k) => ['valid', 'same', 'number', 'explicit'].map((f) => `padding ${f} ${k}`)),
    ];
    expect(wanted.filter((w) => !seen.has(w))).toEqual([]);
    expect(kerasForms.filter((f) => !json.includes(f))).toEqual([]);
  });

  it(`agree with our runtime within 1e-4 of the output magnitude (batch ${BATCH})`, { timeout: 1_200_000 }, async () => {
    const started = performance.now();
    const bad: string[] = [];
    let worst = 0;
    for (const { doc, seed } of graphs) {
      let agreement;
      try {
        const model = await loadBundle(kerasBundle(doc));
        agreement = await compareWithRuntime(doc, model, BATCH);
        model.dispose();
      } catch (e) {
        bad.push(`seed ${seed}: ${String(e)}`);
        continue;
      }
      for (const rel of agreement.relative) {
        worst = Math.max(worst, rel);
        if (!(rel <= TOLERANCE)) bad.push(`seed ${seed}: ${rel}`);
      }
    }
    console.log(`${GRAPHS} random graphs (${refusals.length} refused nodes on the way): export + tfjs ${((performance.now() - started) / 1000).toFixed(1)} s, worst relative difference ${worst.toExponential(2)}`);
    expect(bad).toEqual([]);
  });
});
