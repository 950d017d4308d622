import { useEditorStore } from '../editor/store';

/**
 * Calls `run` once the canvas has measured the nodes of the current document, so framing uses
 * real sizes. With only visible nodes rendered, off-screen ones are never measured: it also runs
 * once the count of measured nodes has stopped growing for a few frames, and after about half a
 * second in any case.
 */
export function whenMeasured(run: () => void, framesLeft = 30, lastCount = -1, stableFrames = 0): void {
  requestAnimationFrame(() => {
    const { doc, measured } = useEditorStore.getState();
    const count = doc.nodes.reduce((k, n) => k + (measured[n.id] ? 1 : 0), 0);
    const stable = count > 0 && count === lastCount ? stableFrames + 1 : 0;
    if (count === doc.nodes.length || stable >= 3 || framesLeft <= 0) requestAnimationFrame(run);
    else whenMeasured(run, framesLeft - 1, count, stable);
  });
}
