import { useCallback, useEffect, useMemo, useState, type DragEvent, type FocusEvent, type MouseEvent as ReactMouseEvent } from 'react';
import {
  Background, BackgroundVariant, ControlButton, Controls, MiniMap, ReactFlow, useReactFlow, useStore,
  type Connection, type EdgeChange, type NodeChange, type OnDelete,
} from '@xyflow/react';
import type { Position } from '../../core/graph/types';
import { useEditorStore } from '../editor/store';
import { useCompareStore } from '../diff/compareStore';
import { toGhostFlowNodes } from '../diff/GhostNode';
import { isGhostId } from '../diff/ghostIds';
import { toGhostFlowEdges, withCompareMarks } from '../diff/GhostEdge';
import { useThemeStore } from '../theme/themeStore';
import { EDGE_TYPES, LAYER_DRAG_TYPE, NODE_TYPES } from './flowTypes';
import { anyRectVisible, collectNodeRects } from './framing';
import { useFraming } from './useFraming';
import { whenMeasured } from './whenMeasured';
import { createFlowViewBuilder, type LayerFlowNode, type ShapeFlowEdge } from './viewModel';

const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const MINIMAP_STYLE = { width: 168, height: 120 };
const MINIMAP_FROM_WIDTH = 1400;
const PRO_OPTIONS = { hideAttribution: true };
/**
 * From this many layers on, only nodes in view are rendered (a 300-layer graph stays quick to
 * edit); below it every node is in the page, measured, and reachable by tests and screen readers
 * even when it is scrolled out of view.
 */
const CULL_FROM_NODES = 80;
/** The fit-view control shows the whole graph, including nodes never rendered (never measured) so far. */
const FIT_ALL_OPTIONS = { includeHiddenNodes: true, padding: 0.05, maxZoom: 1, duration: 200 };

/** Applies React Flow's select changes to a list of selected ids. */
function applySelectChanges(current: readonly string[], changes: readonly { id: string; selected: boolean }[]): string[] {
  const next = new Set(current);
  for (const c of changes) {
    if (c.selected) next.add(c.id);
    else next.delete(c.id);
  }
  return [...next];
}

/**
 * Shift+drag draws a selection box, but to the browser Shift+press extends the page's text
 * selection, which would highlight the panels around the canvas. React Flow works from pointer
 * events, so cancelling the mouse default only stops the text selection.
 */
function keepTextUnselected(event: ReactMouseEvent): void {
  if (!event.shiftKey) return;
  event.preventDefault();
  window.getSelection()?.removeAllRanges();
}

/**
 * A node reached with Tab becomes the selection, so the arrow keys move it (React Flow moves only
 * selected nodes) and Enter on a palette layer wires the new layer to it. Focus from a click is
 * left to the click's own selection.
 */
function selectOnKeyboardFocus(event: FocusEvent<HTMLDivElement>): void {
  const target = event.target as HTMLElement;
  if (!target.matches('.react-flow__node:focus-visible')) return;
  const id = target.dataset.id;
  const store = useEditorStore.getState();
  if (id && !(store.selectedNodeIds.length === 1 && store.selectedNodeIds[0] === id)) store.setSelection([id], []);
}

function minimapColour(node: LayerFlowNode): string {
  if (node.data.severity === 'error') return 'var(--error)';
  if (node.data.severity === 'warning') return 'var(--warning)';
  return `var(--cat-${(node.data.category ?? 'unknown').toLowerCase()})`;
}

/**
 * The graph canvas. Nodes and edges are derived from the store's document and inference; every
 * change React Flow reports is turned into a store action, so the store stays the one truth.
 */
export function Canvas() {
  const doc = useEditorStore((s) => s.doc);
  const inference = useEditorStore((s) => s.inference);
  const selectedNodeIds = useEditorStore((s) => s.selectedNodeIds);
  const selectedEdgeIds = useEditorStore((s) => s.selectedEdgeIds);
  const measured = useEditorStore((s) => s.measured);
  const theme = useThemeStore((s) => s.theme);
  const { screenToFlowPosition, setCenter, getZoom, getViewport } = useReactFlow();
  // Below 1400 px the canvas is narrow enough for the minimap to cover feature maps: it starts hidden there.
  const [showMap, setShowMap] = useState(() => typeof window === 'undefined' || window.innerWidth >= MINIMAP_FROM_WIDTH);
  // A click on the minimap brings that spot to the middle of the canvas (React Flow only pans on drag).
  const onMinimapClick = useCallback((_: unknown, point: { x: number; y: number }) => {
    void setCenter(point.x, point.y, { zoom: getZoom(), duration: 200 });
  }, [setCenter, getZoom]);
  const { frameGraph } = useFraming();

  // The graph open at start-up is framed readably once its nodes are measured.
  useEffect(() => whenMeasured(() => frameGraph()), [frameGraph]);
  // A canvas resized so far that no layer is left in view (a window narrowed to a phone's width, a
  // phone turned) is framed again: an empty canvas reads as a lost graph.
  const canvasWidth = useStore((s) => s.width);
  const canvasHeight = useStore((s) => s.height);
  useEffect(() => {
    if (canvasWidth === 0 || canvasHeight === 0) return;
    const { doc: current, measured: sizes } = useEditorStore.getState();
    const rects = collectNodeRects(current, sizes);
    if (rects.length > 0 && !anyRectVisible(rects, getViewport(), { width: canvasWidth, height: canvasHeight })) frameGraph();
  }, [canvasWidth, canvasHeight, frameGraph, getViewport]);

  const buildView = useMemo(() => createFlowViewBuilder(), []);
  const view = useMemo(
    () => buildView({ doc, inference, selectedNodeIds, selectedEdgeIds, measured }),
    [buildView, doc, inference, selectedNodeIds, selectedEdgeIds, measured],
  );
  // While comparing, layers only the other version has stand as inert ghost cards.
  const ghosts = useCompareStore((s) => s.ghosts);
  const nodes = useMemo(
    () => (ghosts.length === 0 ? view.nodes : [...view.nodes, ...(toGhostFlowNodes(ghosts) as unknown as LayerFlowNode[])]),
    [view.nodes, ghosts],
  );

  // Wires too: added ones coloured, removed ones dashed between the layers (or ghosts) they joined.
  const addedEdges = useCompareStore((s) => s.addedEdges);
  const ghostEdges = useCompareStore((s) => s.ghostEdges);
  const edges = useMemo(
    () => {
      const marked = withCompareMarks(view.edges, addedEdges);
      return ghostEdges.length === 0 ? marked : [...marked, ...(toGhostFlowEdges(ghostEdges) as unknown as ShapeFlowEdge[])];
    },
    [view.edges, addedEdges, ghostEdges],
  );

  const onNodesChange = useCallback((changes: NodeChange<LayerFlowNode>[]) => {
    const store = useEditorStore.getState();
    const positions = new Map<string, Position>();
    const sizes = new Map<string, { width: number; height: number }>();
    const selects: { id: string; selected: boolean }[] = [];
    for (const c of changes) {
      if (c.type !== 'add' && isGhostId(c.id)) continue;
      switch (c.type) {
        case 'position':
          if (c.position) positions.set(c.id, c.position);
          break;
        case 'dimensions':
          if (c.dimensions) sizes.set(c.id, c.dimensions);
          break;
        case 'select':
          selects.push(c);
          break;
        case 'remove': // deletions arrive through onDelete as one undoable step
        case 'add':
        case 'replace':
          break;
      }
    }
    if (sizes.size > 0) store.setMeasured(sizes);
    if (positions.size > 0) store.moveNodes(positions);
    if (selects.length > 0) store.setSelection(applySelectChanges(store.selectedNodeIds, selects), store.selectedEdgeIds);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<ShapeFlowEdge>[]) => {
    const store = useEditorStore.getState();
    const selects = changes.flatMap((c) => (c.type === 'select' && !isGhostId(c.id) ? [c] : []));
    if (selects.length > 0) store.setSelection(store.selectedNodeIds, applySelectChanges(store.selectedEdgeIds, selects));
  }, []);

  const onConnect = useCallback((c: Connection) => {
    useEditorStore.getState().connect(c.source, c.target);
  }, []);

  const onDelete: OnDelete<LayerFlowNode, ShapeFlowEdge> = useCallback(({ nodes, edges }) => {
    useEditorStore.getState().deleteElements(nodes.filter((n) => !isGhostId(n.id)).map((n) => n.id), edges.filter((e) => !isGhostId(e.id)).map((e) => e.id));
  }, []);

  const onDragStart = useCallback(() => useEditorStore.getState().beginGesture(), []);
  const onDragStop = useCallback(() => useEditorStore.getState().endGesture(), []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(LAYER_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    const kind = event.dataTransfer.getData(LAYER_DRAG_TYPE);
    if (!kind) return;
    event.preventDefault();
    const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    // Centre the node's header under the pointer rather than its top-left corner.
    useEditorStore.getState().addLayer(kind, { x: Math.round(point.x - 112), y: Math.round(point.y - 20) });
  }, [screenToFlowPosition]);

  return (
    <div className="canvas" data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop} onMouseDownCapture={keepTextUnselected} onFocus={selectOnKeyboardFocus}>
      <ReactFlow<LayerFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDelete={onDelete}
        onNodeDragStart={onDragStart}
        onNodeDragStop={onDragStop}
        onSelectionDragStart={onDragStart}
        onSelectionDragStop={onDragStop}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        onlyRenderVisibleElements={doc.nodes.length >= CULL_FROM_NODES}
        minZoom={0.1}
        maxZoom={2}
        proOptions={PRO_OPTIONS}
        colorMode={theme}
        aria-label="Graph canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        {showMap && <MiniMap<LayerFlowNode> pannable zoomable onClick={onMinimapClick} nodeColor={minimapColour} ariaLabel="Mini map" style={MINIMAP_STYLE} />}
        <Controls aria-label="Canvas zoom controls" fitViewOptions={FIT_ALL_OPTIONS}>
          <ControlButton onClick={() => setShowMap((v) => !v)} title={showMap ? 'Hide the minimap' : 'Show the minimap'} aria-label={showMap ? 'Hide the minimap' : 'Show the minimap'} aria-pressed={showMap} data-testid="minimap-toggle">
            ▦
          </ControlButton>
        </Controls>
      </ReactFlow>
    </div>
  );
}
