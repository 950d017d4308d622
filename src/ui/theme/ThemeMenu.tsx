import { FloatingMenu } from '../common/FloatingMenu';
import { useDismissableMenu } from '../common/useDismissableMenu';
import { THEME_CHOICES, type ThemeChoice } from './themeChoice';
import { setThemeChoice, useThemeStore } from './themeStore';

const MENU_WIDTH = 220;
const ICONS: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

/**
 * The toolbar's theme picker, an icon button (the toolbar is full at 1440 px) opening System
 * (follows the OS), Light and Dark. Escape or a click outside closes it.
 */
export function ThemeMenu() {
  const choice = useThemeStore((s) => s.choice);
  const theme = useThemeStore((s) => s.theme);
  const { open, setOpen, root, list, focusOnOpen: current, placement, onListKeyDown } = useDismissableMenu<HTMLButtonElement>(MENU_WIDTH, 'end');

  const label = choice === 'system' ? `Theme: System (now ${theme})` : `Theme: ${choice === 'dark' ? 'Dark' : 'Light'}`;
  return (
    <div className="menu" ref={root}>
      <button type="button" className="tool-button icon" aria-haspopup="menu" aria-expanded={open} aria-label={label} title={label} onClick={() => setOpen((o) => !o)} data-testid="theme-button" data-choice={choice}>
        {ICONS[choice]}
      </button>
      {open && (
        <FloatingMenu placement={placement} list={list} label="Theme" width={MENU_WIDTH} onKeyDown={onListKeyDown}>
          {THEME_CHOICES.map((c) => (
            <button
              key={c.value}
              ref={c.value === choice ? current : undefined}
              type="button"
              role="menuitemradio"
              aria-checked={c.value === choice}
              className="menu-item theme-item"
              data-testid={`theme-${c.value}`}
              onClick={() => {
                setOpen(false);
                setThemeChoice(c.value);
              }}
            >
              <span className="menu-item-title"><span aria-hidden="true" className="theme-icon">{ICONS[c.value]}</span> {c.label}</span>
              {c.value === 'system' && <span className="menu-item-hint">Follows your system setting</span>}
            </button>
          ))}
        </FloatingMenu>
      )}
    </div>
  );
}
