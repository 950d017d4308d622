/** What the user picked: follow the operating system, or a fixed scheme. */
export type ThemeChoice = 'system' | 'light' | 'dark';
/** The scheme actually shown. */
export type Theme = 'light' | 'dark';

/** The choices in menu order, with their labels. */
export const THEME_CHOICES: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** A stored value read back: anything that is not a known choice (an older or hand-edited value) means 'system'. */
export function parseThemeChoice(value: unknown): ThemeChoice {
  return value === 'light' || value === 'dark' || value === 'system' ? value : 'system';
}

/** The scheme to show for a choice, given whether the system currently prefers dark. */
export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): Theme {
  if (choice === 'system') return systemPrefersDark ? 'dark' : 'light';
  return choice;
}
