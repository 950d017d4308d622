import { useId, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useEditorStore } from '../editor/store';
import { LAYER_DRAG_TYPE } from '../canvas/flowTypes';
import { DEFAULT_NODE_SIZE } from '../layout/autoLayout';
import { filterPalette, kindHint } from './paletteGroups';
import { placeBelow, placeFree } from './placement';
import { isNarrowScreen, useDrawerStore } from '../layout/drawerStore';

/**
 * The layer palette: drag a kind onto the canvas, or focus it and press Enter to add it below
 * the selected node, wired to it.
 */
export function Palette() {
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const { screenToFlowPosition } = useReactFlow();
  const groups = filterPalette(filter);
  const open = useDrawerStore((s) => s.drawer === 'palette');

  function onDragStart(event: DragEvent, kind: string) {
    event.dataTransfer.setData(LAYER_DRAG_TYPE, kind);
    event.dataTransfer.setData('text/plain', kind);
    event.dataTransfer.effectAllowed = 'copy';
  }

  function addByKeyboard(kind: string) {
    const store = useEditorStore.getState();
    const selected = store.selectedNodeIds.length === 1 ? store.doc.nodes.find((n) => n.id === store.selectedNodeIds[0]) : undefined;
    if (selected) {
      store.addLayer(kind, placeBelow(store.doc, selected, store.measured[selected.id]?.height), selected.id);
      return;
    }
    const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const centre = canvas ? screenToFlowPosition({ x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 }) : { x: 0, y: 0 };
    store.addLayer(kind, placeFree(store.doc, { x: Math.round(centre.x - DEFAULT_NODE_SIZE.width / 2), y: Math.round(centre.y - DEFAULT_NODE_SIZE.height / 2) }));
  }

  function onKeyDown(event: KeyboardEvent, kind: string) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      addByKeyboard(kind);
    }
  }

  return (
    <nav className={`palette${open ? ' is-open' : ''}`} aria-label="Layer palette" data-testid="palette" id="drawer-palette">
      <label htmlFor={filterId} className="visually-hidden">Filter layers</label>
      <input
        id={filterId}
        className="palette-filter"
        type="search"
        placeholder="Filter layers…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        data-testid="palette-filter"
      />
      {groups.map((group) => (
        <section key={group.title} className="palette-group" aria-label={group.title}>
          <h3 className="palette-group-title">{group.title}</h3>
          <ul>
            {group.kinds.map((kind) => (
              <li key={kind}>
                <div
                  className={`palette-item cat-${group.title.toLowerCase()}`}
                  draggable
                  tabIndex={0}
                  role="button"
                  aria-label={`Add ${kind}: drag onto the canvas or press Enter`}
                  title={kindHint(kind)}
                  data-testid={`palette-${kind}`}
                  onDragStart={(e) => onDragStart(e, kind)}
                  onKeyDown={(e) => onKeyDown(e, kind)}
                  onDoubleClick={() => addByKeyboard(kind)}
                  onClick={() => {
                    // A phone cannot drag out of a drawer: a tap adds the layer and shows the canvas.
                    if (!isNarrowScreen()) return;
                    addByKeyboard(kind);
                    useDrawerStore.getState().close();
                  }}
                >
                  <span className="palette-item-kind">{kind}</span>
                  <span className="palette-item-hint">{kindHint(kind)}</span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {groups.length === 0 && <p className="palette-empty">No layer matches “{filter}”.</p>}
    </nav>
  );
}
