import { useFraming } from '../canvas/useFraming';
import { useEditorStore } from '../editor/store';
import type { ExportProblem } from './exportStore';

/**
 * Why a graph cannot be exported, and where: each node with a shape error and its message, or each
 * node the target cannot express with what to use instead. A node's name selects it on the canvas
 * and centres it; `onReveal` lets a dialog close first.
 */
export function ExportProblemList({ problem, onReveal }: { problem: ExportProblem; onReveal?: () => void }) {
  const doc = useEditorStore((s) => s.doc);
  const { centreNode } = useFraming();
  const names = new Map(doc.nodes.map((n) => [n.id, n.name]));
  const reveal = (nodeId: string) => {
    if (!names.has(nodeId)) return;
    onReveal?.();
    useEditorStore.getState().setSelection([nodeId], []);
    centreNode(nodeId);
  };
  const items = problem.code === 'graph-errors'
    ? problem.diagnostics.map((d) => {
      const head = names.get(d.nodeId) ?? d.nodeId;
      // Messages start with the node's name; it is the heading already.
      return { nodeId: d.nodeId, head, text: d.message.startsWith(`${head}: `) ? d.message.slice(head.length + 2) : d.message };
    })
    : problem.code === 'unsupported'
      ? problem.nodes.map((n) => ({ nodeId: n.nodeId, head: `${n.name} (${n.kind})`, text: n.instead }))
      : [];
  const summary = problem.code === 'graph-errors'
    ? (items.length > 0 ? `The graph has ${items.length} error${items.length === 1 ? '' : 's'}; fix ${items.length === 1 ? 'it' : 'them'} to export:` : problem.message)
    : problem.code === 'unsupported'
      ? `${problem.target} cannot express ${items.length === 1 ? 'this node' : `these ${items.length} nodes`}:`
      : problem.message;
  return (
    <div className="export-problems" data-testid="export-problems" data-code={problem.code}>
      <p className="export-problems-summary">{summary}</p>
      {items.length > 0 && (
        <ul className="export-problem-list">
          {items.map((item, i) => (
            <li key={`${item.nodeId}-${i}`} className="export-problem" data-testid="export-problem" data-node-id={item.nodeId}>
              <button type="button" className="export-problem-node" onClick={() => reveal(item.nodeId)} title="Select this node on the canvas">{item.head}</button>
              <span className="export-problem-text">{item.text}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
