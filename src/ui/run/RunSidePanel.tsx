import { useEditorStore } from '../editor/store';
import { selectContentDoc } from '../editor/contentDoc';
import { RunPanel } from './RunPanel';

/** The Run panel bound to the editor's document (the app mounts it as a side tab). */
export function RunSidePanel() {
  const doc = useEditorStore(selectContentDoc);
  const macs = useEditorStore((s) => {
    let total = 0;
    for (const n of s.inference.nodes.values()) total += n.macs;
    return s.inference.hasErrors ? undefined : total;
  });
  return <RunPanel doc={doc} macs={macs} />;
}
