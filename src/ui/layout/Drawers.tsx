import { useDrawerStore, type Drawer } from './drawerStore';

/** A toolbar button that opens a side panel as a drawer; shown on narrow screens only (CSS). */
export function DrawerButton({ drawer, label }: { drawer: Exclude<Drawer, null>; label: string }) {
  const open = useDrawerStore((s) => s.drawer === drawer);
  return (
    <button
      type="button"
      className={`tool-button drawer-button drawer-button-${drawer}`}
      aria-expanded={open}
      aria-controls={`drawer-${drawer}`}
      onClick={() => useDrawerStore.getState().toggle(drawer)}
      data-testid={`drawer-${drawer}-button`}
    >
      {drawer === 'palette' ? '☰ ' : ''}{label}
    </button>
  );
}

/** The dimmed canvas behind an open drawer; a tap on it closes the drawer. */
export function DrawerScrim() {
  const open = useDrawerStore((s) => s.drawer !== null);
  if (!open) return null;
  return <div className="drawer-scrim" data-testid="drawer-scrim" onClick={() => useDrawerStore.getState().close()} />;
}
