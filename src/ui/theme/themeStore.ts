import { create } from 'zustand';
import type { StudioDb } from '../../store/db';
import { readSetting, writeSetting } from '../../store/library';
import { browserStorage, usePersistenceStore } from '../persistence/persistenceStore';
import { parseThemeChoice, resolveTheme, type Theme, type ThemeChoice } from './themeChoice';

/** The settings key in the library database, and the localStorage key of its synchronous copy. */
export const THEME_SETTING = 'theme';
export const THEME_STORAGE_KEY = 'cnn-graph-studio.theme';

interface ThemeState {
  choice: ThemeChoice;
  systemDark: boolean;
  /** The scheme on screen: `choice` resolved against the system's preference. */
  theme: Theme;
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme the page shows; components read `theme` (the canvas passes it to React Flow). */
export const useThemeStore = create<ThemeState>()(() => ({ choice: 'system', systemDark: false, theme: 'light' }));

function update(choice: ThemeChoice, systemDark: boolean): void {
  const theme = resolveTheme(choice, systemDark);
  useThemeStore.setState({ choice, systemDark, theme });
  // The stylesheet keys its dark palette on this attribute; color-scheme themes scrollbars and form controls.
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

/** Set once the user picks a theme in this tab: a slower database read must not undo the pick. */
let pickedHere = false;

function remember(choice: ThemeChoice): void {
  try {
    browserStorage()?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // A full or refused localStorage: the database copy still holds it.
  }
}

async function loadFromDb(db: StudioDb): Promise<void> {
  const stored = await readSetting<unknown>(db, THEME_SETTING);
  if (stored === undefined || pickedHere) return;
  const choice = parseThemeChoice(stored);
  if (choice !== useThemeStore.getState().choice) {
    update(choice, useThemeStore.getState().systemDark);
    remember(choice);
  }
}

let installed = false;

/**
 * Applies the saved theme before the first render and keeps it current: the localStorage copy is
 * read synchronously (no flash of the wrong scheme), then the library's `settings` table, the
 * source of truth, once it is open; 'system' follows prefers-color-scheme live.
 */
export function installTheme(): void {
  if (installed) return;
  installed = true;
  const media = typeof matchMedia === 'function' ? matchMedia(DARK_QUERY) : null;
  let cached: string | null = null;
  try {
    cached = browserStorage()?.getItem(THEME_STORAGE_KEY) ?? null;
  } catch {
    // Storage refused (some private modes): the database or the default decides.
  }
  update(parseThemeChoice(cached), media?.matches ?? false);
  media?.addEventListener('change', (e) => update(useThemeStore.getState().choice, e.matches));
  const db = usePersistenceStore.getState().db;
  if (db) void loadFromDb(db);
  usePersistenceStore.subscribe((state, prev) => {
    if (state.db && state.db !== prev.db) void loadFromDb(state.db);
  });
}

/**
 * Switches the theme and remembers it: in the library's settings (when IndexedDB is there) and
 * always in localStorage, which is also the only place without IndexedDB.
 */
export function setThemeChoice(choice: ThemeChoice): void {
  pickedHere = true;
  update(choice, useThemeStore.getState().systemDark);
  remember(choice);
  const db = usePersistenceStore.getState().db;
  if (db) void writeSetting(db, THEME_SETTING, choice);
}
