import type { GraphNode } from '../../core/graph/types';
import { formatAxisArithmetic, formatEffectiveKernel, resolveConvGeometry, selectAxis } from '../../core/shape/convArithmetic';
import type { ConvGeometry, NodeInference } from '../../core/shape/types';
import { readParams } from '../editor/layerInfo';

/** The node's window geometry: inference's when the layer succeeded, else resolved from its params for display. */
function geometryOf(node: GraphNode, info: NodeInference | undefined): ConvGeometry | null {
  if (info?.geometry) return info.geometry;
  const input = info?.inputShapes[0];
  if (!input || input.length !== 3) return null;
  if (node.kind === 'Conv2D') {
    const p = readParams('Conv2D', node.params);
    return p ? resolveConvGeometry(input[0], input[1], input[2], p, p.filters) : null;
  }
  if (node.kind === 'MaxPool2D' || node.kind === 'AvgPool2D') {
    const p = readParams(node.kind, node.params);
    return p ? resolveConvGeometry(input[0], input[1], input[2], { kernelSize: p.poolSize, strides: p.strides, padding: p.padding }, input[2]) : null;
  }
  return null;
}

/** Live output-size arithmetic for Conv2D and pooling, per axis: `(32 + 2*0 - 5)/1 + 1 = 28`. */
export function ArithmeticView({ node, info }: { node: GraphNode; info: NodeInference | undefined }) {
  const g = geometryOf(node, info);
  if (!g) return null;
  const rows = selectAxis(g, 0);
  const cols = selectAxis(g, 1);
  return (
    <section className="arithmetic" aria-label="Output size arithmetic" data-testid="arithmetic">
      <h4>Output size</h4>
      <p className="arithmetic-formula">h′ = (h + pads − k)/s + 1</p>
      {([['rows', rows], ['cols', cols]] as const).map(([name, axis]) => {
        // With dilation the k in the sum is the dilated window, not the kernel size in the field above.
        const dilated = formatEffectiveKernel(axis);
        return (
          <div key={name} className={`arithmetic-row${axis.out <= 0 ? ' is-error' : ''}`}>
            <span className="arithmetic-axis">{name}</span>
            <code data-testid={`arithmetic-${name}`}>{formatAxisArithmetic(axis)}</code>
            {dilated && <span className="arithmetic-dilated" data-testid={`arithmetic-${name}-dilated`}>k = d(k − 1) + 1 = {dilated}</span>}
          </div>
        );
      })}
    </section>
  );
}
