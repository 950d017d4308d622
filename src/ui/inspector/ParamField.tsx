import { useId, useState } from 'react';
import { ACTIVATIONS } from '../../core/graph/types';
import type { Diagnostic } from '../../core/shape/types';
import { useEditorStore } from '../editor/store';
import { checkFieldValue } from '../editor/layerInfo';
import { DiagnosticItem } from '../diagnostics/DiagnosticItem';
import type { FieldSpec } from './fieldSpecs';
import { NumberInput } from './NumberInput';
import { PairField } from './PairField';
import { MarginsField } from './MarginsField';
import { PaddingField } from './PaddingField';
import { ShapeField } from './ShapeField';

/**
 * One inspector row: the control for a param, the reason a typed value was refused, and the
 * diagnostics inference reports about this field (e.g. a kernel larger than its input).
 */
export function ParamField({ nodeId, kind, spec, value, diagnostics }: {
  nodeId: string; kind: string; spec: FieldSpec; value: unknown; diagnostics: readonly Diagnostic[];
}) {
  const id = `${useId()}-${spec.field}`.replace(/:/g, '');
  const [localError, setLocalError] = useState<string | null>(null);

  /** Checks the value against the registry with the node's current params, then commits it. */
  function commit(next: unknown): string | null {
    const store = useEditorStore.getState();
    const node = store.doc.nodes.find((n) => n.id === nodeId);
    if (!node) return null;
    const problem = checkFieldValue(kind, node.params, spec.field, next);
    if (problem === null) store.setParam(nodeId, spec.field, next);
    return problem;
  }
  const seal = () => useEditorStore.getState().sealEdit();
  const testId = `field-${spec.field}`;

  function renderControl() {
    switch (spec.control) {
      case 'int':
      case 'float':
        return <NumberInput id={id} label={spec.label} value={typeof value === 'number' ? value : undefined} onValue={commit} onError={setLocalError} onBlur={seal} testId={testId} />;
      case 'pair':
        return <PairField id={id} label={spec.label} value={value} commit={commit} onError={setLocalError} />;
      case 'padding':
        return <PaddingField id={id} value={value} commit={commit} onError={setLocalError} />;
      case 'margins':
        return <MarginsField id={id} value={value} commit={commit} onError={setLocalError} />;
      case 'shape':
        return <ShapeField id={id} value={value} commit={commit} onError={setLocalError} />;
      case 'activation':
        return (
          <select id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => setLocalError(commit(e.target.value))} data-testid={testId}>
            {!(ACTIVATIONS as readonly unknown[]).includes(value) && <option value="">(invalid)</option>}
            {ACTIVATIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        );
      case 'choice': {
        const options = spec.options ?? [];
        return (
          <select id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => setLocalError(commit(e.target.value))} data-testid={testId}>
            {!options.includes(value as string) && <option value="">(invalid)</option>}
            {options.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
        );
      }
      case 'bool':
        return <input id={id} type="checkbox" checked={value === true} onChange={(e) => setLocalError(commit(e.target.checked))} data-testid={testId} />;
    }
  }

  const problem = localError !== null || diagnostics.length > 0;
  return (
    <div className={`field${problem ? ' has-problem' : ''}`} onBlur={seal}>
      <label htmlFor={id} className="field-label">{spec.label}</label>
      <div className="field-control">{renderControl()}</div>
      {spec.hint && <p className="field-hint">{spec.hint}</p>}
      {localError && <p className="field-message is-error" role="alert" data-testid="field-message">{localError}</p>}
      {diagnostics.length > 0 && (
        <ul className="diagnostic-list compact">
          {diagnostics.map((d, i) => <DiagnosticItem key={`${d.code}-${i}`} diagnostic={d} />)}
        </ul>
      )}
    </div>
  );
}
