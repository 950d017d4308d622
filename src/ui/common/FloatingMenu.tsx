import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import { createPortal } from 'react-dom';
import type { MenuPlacement } from './useDismissableMenu';

/**
 * A menu list in a portal on document.body at fixed coordinates: above every panel, never
 * clipped or scrolled by the toolbar it belongs to (useDismissableMenu places it).
 */
export function FloatingMenu({ placement, list, label, width, className = '', onKeyDown, children }: {
  placement: MenuPlacement | null;
  list: RefObject<HTMLDivElement | null>;
  label: string;
  width: number;
  className?: string;
  onKeyDown: (event: KeyboardEvent) => void;
  children: ReactNode;
}) {
  if (!placement) return null;
  return createPortal(
    <div
      ref={list}
      className={`menu-list ${className}`}
      role="menu"
      aria-label={label}
      onKeyDown={onKeyDown}
      style={{ top: placement.top, left: placement.left, width: `min(${width}px, calc(100vw - 16px))`, maxHeight: placement.maxHeight }}
    >
      {children}
    </div>,
    document.body,
  );
}
