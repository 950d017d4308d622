import { useEditorStore } from '../editor/store';

/** localStorage key naming a graph whose cards throw while rendering (browser tests of safe mode). */
export const PLANTED_FAULT_KEY = 'cnn-graph-studio:debug:throw-while-rendering';

/**
 * Throws while a card of the graph named in PLANTED_FAULT_KEY renders. The browser tests plant
 * such a graph to prove that a graph which crashes the canvas cannot brick the app; nothing sets
 * the key in normal use.
 */
export function throwIfPlantedFault(): void {
  let planted: string | null = null;
  try { planted = window.localStorage.getItem(PLANTED_FAULT_KEY); } catch { return; }
  if (planted !== null && useEditorStore.getState().doc.name === planted) throw new Error(`planted fault in "${planted}"`);
}
