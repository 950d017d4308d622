// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StudioDb } from '../../src/store/db';
import { parseThemeChoice, resolveTheme } from '../../src/ui/theme/themeChoice';

/** A controllable prefers-color-scheme: `set(true)` fires the change event like the OS switching to dark. */
function fakeColorScheme(dark: boolean) {
  const listeners = new Set<(e: { matches: boolean }) => void>();
  const media = {
    matches: dark,
    addEventListener: (_: string, fn: (e: { matches: boolean }) => void) => listeners.add(fn),
    removeEventListener: (_: string, fn: (e: { matches: boolean }) => void) => listeners.delete(fn),
  };
  vi.stubGlobal('matchMedia', (query: string) => {
    if (query !== '(prefers-color-scheme: dark)') throw new Error(`unexpected media query ${query}`);
    return media;
  });
  return {
    set(next: boolean) {
      media.matches = next;
      for (const fn of listeners) fn({ matches: next });
    },
  };
}

/** Fresh copies of the theme and persistence modules (installTheme runs once per module instance). */
async function loadModules() {
  vi.resetModules();
  const theme = await import('../../src/ui/theme/themeStore');
  const persistence = await import('../../src/ui/persistence/persistenceStore');
  return { ...theme, ...persistence };
}

const shown = () => document.documentElement.dataset.theme;
let dbCount = 0;

beforeEach(() => {
  localStorage.clear();
  delete document.documentElement.dataset.theme;
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('theme choice', () => {
  it.each([
    ['system', false, 'light'], ['system', true, 'dark'],
    ['light', true, 'light'], ['dark', false, 'dark'],
  ] as const)('%s with the system preferring dark=%s shows %s', (choice, systemDark, expected) => {
    expect(resolveTheme(choice, systemDark)).toBe(expected);
  });

  it('reads anything unknown back as system', () => {
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('Dark')).toBe('system');
    expect(parseThemeChoice(42)).toBe('system');
    expect(parseThemeChoice(undefined)).toBe('system');
  });
});

describe('theme setting', () => {
  it('System follows the OS preference live', async () => {
    const os = fakeColorScheme(false);
    const { installTheme } = await loadModules();
    installTheme();
    expect(shown()).toBe('light');
    os.set(true);
    expect(shown()).toBe('dark');
    expect(document.documentElement.style.colorScheme).toBe('dark');
    os.set(false);
    expect(shown()).toBe('light');
  });

  it('a fixed choice ignores the OS, and is written to the settings table and localStorage', async () => {
    const os = fakeColorScheme(false);
    const { installTheme, setThemeChoice, usePersistenceStore } = await loadModules();
    const db = new StudioDb(`theme-${++dbCount}`);
    await db.open();
    usePersistenceStore.setState({ db });
    installTheme();
    setThemeChoice('dark');
    expect(shown()).toBe('dark');
    os.set(false);
    expect(shown()).toBe('dark');
    await vi.waitFor(async () => expect((await db.settings.get('theme'))?.value).toBe('dark'));
    expect(localStorage.getItem('cnn-graph-studio.theme')).toBe('dark');
    db.close();
  });

  it('at start-up the localStorage copy applies at once, then the database value wins once it is open', async () => {
    fakeColorScheme(false);
    const db = new StudioDb(`theme-${++dbCount}`);
    await db.settings.put({ key: 'theme', value: 'light' });
    localStorage.setItem('cnn-graph-studio.theme', 'dark');
    const { installTheme, usePersistenceStore, useThemeStore } = await loadModules();
    installTheme();
    expect(shown()).toBe('dark');
    usePersistenceStore.setState({ db });
    await vi.waitFor(() => expect(shown()).toBe('light'));
    expect(useThemeStore.getState().choice).toBe('light');
    expect(localStorage.getItem('cnn-graph-studio.theme')).toBe('light');
    db.close();
  });

  it('without IndexedDB the choice lives in localStorage and survives a reload', async () => {
    fakeColorScheme(true);
    const first = await loadModules();
    first.installTheme();
    expect(shown()).toBe('dark');
    first.setThemeChoice('light');
    expect(shown()).toBe('light');
    delete document.documentElement.dataset.theme;
    const second = await loadModules();
    second.installTheme();
    expect(shown()).toBe('light');
    expect(second.useThemeStore.getState().choice).toBe('light');
  });
});
