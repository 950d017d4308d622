import { useEffect, useState } from 'react';
import { makeTestPicture } from '../../core/imaging/testPictures';
import { useEditorStore } from '../editor/store';
import { LazyKernelPlayground } from './LazyKernelPlayground';
import { formatMs } from '../../core/format';
import { useRunStore } from './runStore';
import './run.css';

/**
 * The toolbar's run controls: Run (with the Run panel's input, or a test picture when none was
 * picked yet), Cancel with per-layer progress while running, and the kernel playground.
 */
export function RunControls() {
  const status = useRunStore((s) => s.status);
  const progress = useRunStore((s) => s.progress);
  const totalMs = useRunStore((s) => s.totalMs);
  const [playground, setPlayground] = useState(false);

  const run = () => {
    const state = useRunStore.getState();
    if (!state.picture) state.setPicture(makeTestPicture('circle', 128), { kind: 'test', name: 'circle' });
    void useRunStore.getState().run(useEditorStore.getState().doc);
  };

  // A new graph (New, a preset, a file) must not show the previous graph's top 5 and feature maps.
  useEffect(() => useEditorStore.subscribe((state, prev) => {
    if (state.loadCount !== prev.loadCount) useRunStore.getState().clearResults();
  }), []);

  useEffect(() => {
    if (!playground) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setPlayground(false); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [playground]);

  return (
    <>
      <button type="button" className="tool-button" onClick={() => setPlayground(true)} data-testid="playground-button" title="Classic 3x3 kernels on a picture">
        Kernels
      </button>
      {/* One slot of fixed width for the progress or the run time, and Run and Cancel equally wide,
          so the toolbar does not shift while a person aims at a button during or after a run. */}
      <span className="run-muted toolbar-run-note" data-testid={status === 'running' ? 'toolbar-progress' : undefined} title={status === 'running' && progress ? `${progress.step}/${progress.total} ${progress.name}` : undefined}>
        {status === 'running' ? (progress ? `${progress.step}/${progress.total} ${progress.name}` : 'compiling…') : status === 'done' && totalMs !== null ? formatMs(totalMs) : ''}
      </span>
      {status === 'running' ? (
        <button type="button" className="tool-button run-cancel" onClick={() => useRunStore.getState().cancel()} data-testid="toolbar-cancel">Cancel</button>
      ) : (
        <button type="button" className="tool-button run-go" onClick={run} data-testid="toolbar-run-button" title="Run the graph on the Run panel's input">▶ Run</button>
      )}
      {playground && (
        <div className="run-modal-backdrop" onClick={() => setPlayground(false)}>
          <div className="run-modal" onClick={(e) => e.stopPropagation()} role="dialog" aria-label="Kernel playground">
            <LazyKernelPlayground onClose={() => setPlayground(false)} />
          </div>
        </div>
      )}
    </>
  );
}
