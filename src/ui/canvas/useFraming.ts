import { useMemo } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEditorStore } from '../editor/store';
import { collectNodeRects, computeCentredViewport, computeNodeRect, computeReadableViewport } from './framing';

/** The two ways the editor moves the camera for the user. */
export interface Framing {
  /** Shows the current graph readably (see computeReadableViewport). */
  frameGraph(duration?: number): void;
  /** Centres one node; false when it is not in the graph. */
  centreNode(id: string, duration?: number): boolean;
}

/**
 * Framing actions for components inside the React Flow provider. Positions come from the editor
 * store, not React Flow's measurements: with only visible nodes rendered, an off-screen node has
 * never been measured, and React Flow's own fitView would skip it.
 */
export function useFraming(): Framing {
  const { setViewport, getViewport } = useReactFlow();
  const flowStore = useStoreApi();
  return useMemo(() => {
    const canvasSize = () => {
      const { width, height } = flowStore.getState();
      return width > 0 && height > 0 ? { width, height } : null;
    };
    return {
      frameGraph(duration = 0) {
        const { doc, measured } = useEditorStore.getState();
        const rects = collectNodeRects(doc, measured);
        const canvas = canvasSize();
        if (rects.length === 0 || !canvas) return;
        void setViewport(computeReadableViewport(rects, canvas), { duration });
      },
      centreNode(id, duration = 300) {
        const { doc, measured } = useEditorStore.getState();
        const rect = computeNodeRect(doc, measured, id);
        const canvas = canvasSize();
        if (!rect) return false;
        if (canvas) void setViewport(computeCentredViewport(rect, canvas, getViewport().zoom), { duration });
        return true;
      },
    };
  }, [setViewport, getViewport, flowStore]);
}
