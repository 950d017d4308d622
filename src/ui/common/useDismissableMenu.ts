import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Open/closed state for a drop-down menu: opening focuses `focusOnOpen`, and Escape or a pointer
 * down outside `root` closes it.
 */
export function useDismissableMenu<T extends HTMLElement>(): {
  open: boolean;
  setOpen: (update: boolean | ((open: boolean) => boolean)) => void;
  root: RefObject<HTMLDivElement | null>;
  focusOnOpen: RefObject<T | null>;
} {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const focusOnOpen = useRef<T>(null);

  useEffect(() => {
    if (!open) return undefined;
    focusOnOpen.current?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return { open, setOpen, root, focusOnOpen };
}
