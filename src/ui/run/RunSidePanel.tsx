import { useEditorStore } from '../editor/store';
import { RunPanel } from './RunPanel';

/** The Run panel bound to the editor's document (the app mounts it as a side tab). */
export function RunSidePanel() {
  const doc = useEditorStore((s) => s.doc);
  return <RunPanel doc={doc} />;
}
