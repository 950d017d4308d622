import { useMemo, useState } from 'react';
import { initialiseWeight } from '../../core/compile/initialiseWeight';
import { decodeFloat32, encodeFloat32 } from '../../core/graph/tensorCodec';
import { useEditorStore } from '../editor/store';
import { useRunStore } from './runStore';
import { readOwn } from './weightEdits';

/** Kernels up to this size per side are shown and edited as a grid. */
export const MAX_GRID_KERNEL = 7;

/**
 * The inspector's kernel grid for a Conv2D of kernel up to 7x7: one kh x kw slice (pick the
 * input and output channel) of the HWIO kernel. Values come from the document's weights, or are
 * the seeded initial values the next run would use; an edit writes the whole kernel into
 * doc.weights through the editor store, so it is undoable like any param edit.
 */
export function KernelWeightsEditor({ nodeId }: { nodeId: string }) {
  const node = useEditorStore((s) => s.doc.nodes.find((n) => n.id === nodeId));
  const stored = useEditorStore((s) => readOwn(readOwn(s.doc.weights, nodeId), 'kernel'));
  const geometry = useEditorStore((s) => s.inference.nodes.get(nodeId)?.geometry);
  const seed = useRunStore((s) => s.seed);
  const weightsFrom = useRunStore((s) => s.weightsFrom);
  const [cin, setCin] = useState(0);
  const [cout, setCout] = useState(0);

  const shape = geometry ? [geometry.kH, geometry.kW, geometry.inC, geometry.outC] : null;
  const values = useMemo(() => {
    if (!shape) return null;
    const size = shape.reduce((a, b) => a * b, 1);
    if (stored) {
      const decoded = decodeFloat32(stored.data);
      const fits = decoded && decoded.length === size && stored.shape.length === 4 && stored.shape.every((d, i) => d === shape[i]);
      return fits ? { data: decoded, fromDoc: true, stale: false } : { data: null, fromDoc: true, stale: true };
    }
    return { data: initialiseWeight(nodeId, { name: 'kernel', shape }, seed), fromDoc: false, stale: false };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stored, seed, nodeId, shape?.join(',')]);

  if (!node || node.kind !== 'Conv2D' || !shape || !values) return null;
  const [kh, kw, ci, co] = shape;
  if (kh > MAX_GRID_KERNEL || kw > MAX_GRID_KERNEL) return null;
  const store = useEditorStore.getState;
  const inC = Math.min(cin, ci - 1);
  const outC = Math.min(cout, co - 1);

  if (values.stale || !values.data) {
    return (
      <section className="weights-editor" aria-label="kernel weights">
        <h3 className="run-subtitle">Kernel weights</h3>
        <p className="run-error">The stored kernel does not fit this layer any more ({stored ? `[${stored.shape.join(', ')}]` : '?'} vs [{shape.join(', ')}]).</p>
        <button type="button" onClick={() => store().setWeight(nodeId, 'kernel', null)}>Drop the stored kernel</button>
      </section>
    );
  }
  const data = values.data;
  const write = (r: number, c: number, value: number) => {
    const next = Float32Array.from(data);
    next[((r * kw + c) * ci + inC) * co + outC] = value;
    store().setWeight(nodeId, 'kernel', { shape, data: encodeFloat32(next) });
  };
  return (
    <section className="weights-editor" aria-label="kernel weights" data-testid="kernel-weights">
      <h3 className="run-subtitle">Kernel weights {kh}x{kw}</h3>
      <p className="run-muted">
        {values.fromDoc ? 'Stored in the document.' : `Not stored: the seeded initial values (seed ${seed}). Editing one stores the kernel.`}
        {values.fromDoc && weightsFrom === 'seed' && ' The Run panel is set to random weights, so runs ignore them.'}
      </p>
      <div className="run-row">
        <label>in <select value={inC} onChange={(e) => setCin(Number(e.target.value))} aria-label="input channel">{range(ci).map((i) => <option key={i} value={i}>{i}</option>)}</select></label>
        <label>out <select value={outC} onChange={(e) => setCout(Number(e.target.value))} aria-label="output channel">{range(co).map((i) => <option key={i} value={i}>{i}</option>)}</select></label>
        {values.fromDoc && <button type="button" onClick={() => store().setWeight(nodeId, 'kernel', null)} title="remove the stored kernel: runs use seeded values">Reset</button>}
      </div>
      <div className="weights-grid" style={{ gridTemplateColumns: `repeat(${kw}, auto)` }}>
        {range(kh).map((r) =>
          range(kw).map((c) => {
            const v = data[((r * kw + c) * ci + inC) * co + outC];
            return (
              <input
                key={`${r}-${c}-${inC}-${outC}-${v}`}
                type="number"
                step="any"
                defaultValue={Number(v.toPrecision(4))}
                aria-label={`kernel row ${r + 1} column ${c + 1}`}
                onBlur={(e) => {
                  const value = Number(e.target.value);
                  if (e.target.value.trim() !== '' && Number.isFinite(value) && value !== v) write(r, c, value);
                  store().sealEdit();
                }}
                onKeyDown={(e) => { if (e.key === 'Enter') e.currentTarget.blur(); }}
              />
            );
          }),
        )}
      </div>
    </section>
  );
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
