const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

/** Every keyboard shortcut of the editor, as the help dialog (`?`) lists them. */
export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: '?', action: 'Show this list' },
  { keys: 'Tab / Shift+Tab', action: 'Move focus between the palette, the nodes and the wires (focusing a node selects it)' },
  { keys: '← ↑ → ↓', action: 'Move the selected nodes by 5 px (Shift: 20 px)' },
  { keys: 'Enter on a palette layer', action: 'Add it below the selected node, wired to it (or in a free spot of the view)' },
  { keys: `${MOD}+A`, action: 'Select every node and wire' },
  { keys: 'Delete / Backspace', action: 'Delete the selection' },
  { keys: `${MOD}+C / ${MOD}+V`, action: 'Copy / paste the selected nodes' },
  { keys: `${MOD}+D`, action: 'Duplicate the selected nodes' },
  { keys: `${MOD}+Z`, action: 'Undo' },
  { keys: `${MOD}+Shift+Z / ${MOD}+Y`, action: 'Redo' },
  { keys: `${MOD}+S`, action: 'Save and keep a revision' },
  { keys: 'Shift+drag', action: 'Select with a box' },
  { keys: 'Escape', action: 'Close a menu or dialog' },
];
