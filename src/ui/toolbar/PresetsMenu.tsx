import { FloatingMenu } from '../common/FloatingMenu';
import { useDismissableMenu } from '../common/useDismissableMenu';
import type { PresetEntry } from '../../core/presets/catalog';

/** A preset as the menu lists it. */
export type { PresetEntry };

const MENU_WIDTH = 340;

/** A drop-down of the built-in networks; picking one calls `onPick`. The list floats above the page; arrow keys move, Escape or a click outside closes it. */
export function PresetsMenu({ presets, onPick }: { presets: readonly PresetEntry[]; onPick: (preset: PresetEntry) => void }) {
  const { open, setOpen, root, list, focusOnOpen: firstItem, placement, onListKeyDown } = useDismissableMenu<HTMLButtonElement>(MENU_WIDTH);

  return (
    <div className="menu" ref={root}>
      <button type="button" className="tool-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="presets-button">
        Presets ▾
      </button>
      {open && (
        <FloatingMenu placement={placement} list={list} label="Presets" width={MENU_WIDTH} onKeyDown={onListKeyDown}>
          {presets.map((p, i) => (
            <button
              key={p.id}
              ref={i === 0 ? firstItem : undefined}
              type="button"
              role="menuitem"
              className="menu-item"
              data-testid={`preset-${p.id}`}
              onClick={() => {
                setOpen(false);
                onPick(p);
              }}
            >
              <span className="menu-item-title">{p.name}</span>
              <span className="menu-item-hint">{p.description}</span>
            </button>
          ))}
        </FloatingMenu>
      )}
    </div>
  );
}
