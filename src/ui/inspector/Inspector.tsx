import { useEffect, useId, useState } from 'react';
import type { GraphNode } from '../../core/graph/types';
import { isLayerKind } from '../../core/layers/registry';
import { useEditorStore } from '../editor/store';
import { defaultParamsOf } from '../editor/layerInfo';
import { formatCount, formatShape } from '../../core/format';
import { DiagnosticItem } from '../diagnostics/DiagnosticItem';
import { ArithmeticView } from './ArithmeticView';
import { listFieldSpecs } from './fieldSpecs';
import { ParamField } from './ParamField';
import { KernelWeightsEditor } from '../run/KernelWeightsEditor';

function NameField({ node }: { node: GraphNode }) {
  const id = useId();
  const [text, setText] = useState(node.name);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => { setText(node.name); setProblem(null); }, [node.name, node.id]);
  const commit = () => {
    if (text.trim() === '') { setText(node.name); return; }
    setProblem(useEditorStore.getState().rename(node.id, text));
  };
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">Name</label>
      <div className="field-control">
        <input
          id={id}
          type="text"
          value={text}
          onChange={(e) => { setText(e.target.value); setProblem(null); }}
          onBlur={commit}
          aria-invalid={problem ? true : undefined}
          className={problem ? 'is-invalid' : undefined}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') { setText(node.name); setProblem(null); }
          }}
          data-testid="field-name"
        />
      </div>
      {problem && <p className="field-message is-error" role="alert" data-testid="name-error">{problem}</p>}
    </div>
  );
}

/** The right-hand panel: name and params of the selected layer, its shapes, diagnostics and arithmetic. */
export function Inspector() {
  const selectedIds = useEditorStore((s) => s.selectedNodeIds);
  const node = useEditorStore((s) => (s.selectedNodeIds.length === 1 ? s.doc.nodes.find((n) => n.id === s.selectedNodeIds[0]) : undefined));
  const info = useEditorStore((s) => (node ? s.inference.nodes.get(node.id) : undefined));

  if (!node) {
    return (
      <section className="inspector inspector-empty" aria-label="Inspector" data-testid="inspector">
        <h2>Inspector</h2>
        <p>{selectedIds.length > 1 ? `${selectedIds.length} layers selected.` : 'Select a layer to edit its parameters.'}</p>
        <p className="muted">Drag layers from the palette, wire an output (bottom dot) to an input (top dot). Shift-drag to select several.</p>
      </section>
    );
  }

  const diagnostics = info?.diagnostics ?? [];
  const known = isLayerKind(node.kind);
  const specs = listFieldSpecs(node.kind);
  const shownFields = new Set(specs.map((s) => s.field));
  const general = diagnostics.filter((d) => !d.field || !shownFields.has(d.field));
  const defaults = defaultParamsOf(node.kind);
  const params = info ? info.trainableParams + info.nonTrainableParams : 0;

  return (
    <section className="inspector" aria-label={`Inspector: ${node.name}`} data-testid="inspector">
      <h2>
        {node.name} <span className="inspector-kind">{node.kind}</span>
      </h2>
      <dl className="inspector-facts">
        <dt>Input</dt>
        <dd data-testid="inspector-input">{info && info.inputShapes.length > 0 ? info.inputShapes.map(formatShape).join(' + ') : '—'}</dd>
        <dt>Output</dt>
        <dd data-testid="inspector-output">{formatShape(info?.outputShape)}</dd>
        <dt>Params</dt>
        <dd>{formatCount(params)}</dd>
      </dl>
      {general.length > 0 && (
        <ul className="diagnostic-list compact">
          {general.map((d, i) => <DiagnosticItem key={`${d.code}-${i}`} diagnostic={d} />)}
        </ul>
      )}
      <NameField key={node.id} node={node} />
      {!known && (
        <div className="unknown-params">
          <p>This kind is not known to this version of the app; it is kept unchanged. Its params:</p>
          <pre>{JSON.stringify(node.params, null, 2)}</pre>
        </div>
      )}
      {specs.map((spec) => (
        <ParamField
          key={`${node.id}-${spec.field}`}
          nodeId={node.id}
          kind={node.kind}
          spec={spec}
          value={node.params[spec.field] ?? defaults[spec.field]}
          diagnostics={diagnostics.filter((d) => d.field === spec.field)}
        />
      ))}
      <ArithmeticView node={node} info={info} />
      <KernelWeightsEditor nodeId={node.id} />
    </section>
  );
}
