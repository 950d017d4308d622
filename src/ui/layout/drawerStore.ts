import { create } from 'zustand';

/** Which side panel is open as a drawer over the canvas on a narrow screen (none on a wide one). */
export type Drawer = 'palette' | 'side' | null;

/** Narrow screens (phones) get the canvas full width and the palette and details as drawers. */
export const NARROW_QUERY = '(max-width: 760px)';

export const useDrawerStore = create<{ drawer: Drawer; toggle(drawer: Exclude<Drawer, null>): void; close(): void }>()((set, get) => ({
  drawer: null,
  toggle(drawer) {
    set({ drawer: get().drawer === drawer ? null : drawer });
  },
  close() {
    if (get().drawer !== null) set({ drawer: null });
  },
}));

/** True on a narrow screen, where the side panels are drawers. */
export function isNarrowScreen(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(NARROW_QUERY).matches;
}
