import type { GraphNode } from '../../core/graph/types';
import { getLayer } from '../../core/layers/registry';
import type { OutputArithmetic } from '../../core/layers/layerTypes';
import type { NodeInference } from '../../core/shape/types';

/** The kind's output-size arithmetic on the node's input, when it has some and its params are valid. */
function arithmeticOf(node: GraphNode, info: NodeInference | undefined): OutputArithmetic | null {
  const def = getLayer(node.kind);
  const input = info?.inputShapes[0];
  if (!def?.explainArithmetic || !info?.params || !input) return null;
  return def.explainArithmetic(input, info.params as never);
}

/** Live output-size arithmetic for window layers, per axis: `(32 + 2*0 - 5)/1 + 1 = 28`. */
export function ArithmeticView({ node, info }: { node: GraphNode; info: NodeInference | undefined }) {
  const arithmetic = arithmeticOf(node, info);
  if (!arithmetic) return null;
  return (
    <section className="arithmetic" aria-label="Output size arithmetic" data-testid="arithmetic">
      <h4>Output size</h4>
      <p className="arithmetic-formula">{arithmetic.formula}</p>
      {arithmetic.axes.map((axis) => (
        <div key={axis.name} className={`arithmetic-row${axis.isError ? ' is-error' : ''}`}>
          <span className="arithmetic-axis">{axis.name}</span>
          <code data-testid={`arithmetic-${axis.name}`}>{axis.text}</code>
          {axis.note && <span className="arithmetic-dilated" data-testid={`arithmetic-${axis.name}-dilated`}>{axis.note}</span>}
        </div>
      ))}
    </section>
  );
}
