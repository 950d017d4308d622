import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from 'react';

/** Where a floating menu goes on the page: fixed coordinates, kept inside the window. */
export interface MenuPlacement { top: number; left: number; maxHeight: number }

const GAP = 4;
const MARGIN = 8;

/**
 * Places a menu of `width` under `trigger` (aligned to its left edge, or its right edge with
 * `align: 'end'`), moved left when it would leave the window and never wider than the window.
 */
export function placeMenu(trigger: DOMRect, width: number, align: 'start' | 'end', viewport: { width: number; height: number }): MenuPlacement {
  const shown = Math.min(width, viewport.width - 2 * MARGIN);
  let left = align === 'end' ? trigger.right - shown : trigger.left;
  left = Math.max(MARGIN, Math.min(left, viewport.width - MARGIN - shown));
  const top = trigger.bottom + GAP;
  return { top, left, maxHeight: Math.max(120, viewport.height - top - MARGIN) };
}

/**
 * Open/closed state of a drop-down menu whose list floats above the page (rendered in a portal,
 * so no toolbar or panel can clip or scroll it): opening focuses `focusOnOpen`, the arrow keys,
 * Home and End move between items, Escape closes and gives focus back to the trigger, and a
 * pointer down outside both the trigger's `root` and the `list` closes it.
 */
export function useDismissableMenu<T extends HTMLElement>(width: number, align: 'start' | 'end' = 'start'): {
  open: boolean;
  setOpen: (update: boolean | ((open: boolean) => boolean)) => void;
  root: RefObject<HTMLDivElement | null>;
  list: RefObject<HTMLDivElement | null>;
  focusOnOpen: RefObject<T | null>;
  placement: MenuPlacement | null;
  onListKeyDown: (event: ReactKeyboardEvent) => void;
} {
  const [open, setOpen] = useState(false);
  const [placement, setPlacement] = useState<MenuPlacement | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const focusOnOpen = useRef<T>(null);

  useLayoutEffect(() => {
    if (!open) return undefined;
    const place = () => {
      const trigger = root.current?.getBoundingClientRect();
      if (trigger) setPlacement(placeMenu(trigger, width, align, { width: window.innerWidth, height: window.innerHeight }));
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [open, width, align]);

  useEffect(() => {
    if (!open || !placement) return undefined;
    focusOnOpen.current?.focus();
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!root.current?.contains(target) && !list.current?.contains(target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      root.current?.querySelector<HTMLElement>('[aria-haspopup]')?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
    // placement changes on resize only; focusing again then would be a surprise
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, placement !== null]);

  const wasOpen = useRef(false);
  useEffect(() => {
    if (open || !wasOpen.current) {
      wasOpen.current = open;
      return;
    }
    wasOpen.current = false;
    setPlacement(null);
    // A pick removes the focused item: focus goes back to the trigger, not to the page.
    if (document.activeElement === document.body || document.activeElement === null) {
      root.current?.querySelector<HTMLElement>('[aria-haspopup]')?.focus();
    }
  }, [open]);

  function onListKeyDown(event: ReactKeyboardEvent) {
    const items = [...(list.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    if (items.length === 0) return;
    const at = items.indexOf(document.activeElement as HTMLElement);
    let next: number;
    if (event.key === 'ArrowDown') next = (at + 1) % items.length;
    else if (event.key === 'ArrowUp') next = (at - 1 + items.length) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    else if (event.key === 'Tab') {
      setOpen(false);
      return;
    } else return;
    event.preventDefault();
    items[next].focus();
  }

  return { open, setOpen, root, list, focusOnOpen, placement, onListKeyDown };
}
