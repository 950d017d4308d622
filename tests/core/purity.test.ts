import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** src/core must run in Node, a tab and a Web Worker: no UI framework, no IndexedDB wrapper, no DOM. */
const CORE = path.resolve('src/core');
const FORBIDDEN_IMPORTS = /from\s+['"](react|react-dom|react\/.*|@xyflow\/.*|dexie|dexie-.*|zustand|zustand\/.*)['"]/;
const FORBIDDEN_GLOBALS = /\b(window|document|localStorage|sessionStorage|indexedDB|navigator)\s*\./;
const FORBIDDEN_NODE = /from\s+['"](node:)?(fs|path|child_process|os)['"]/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('src/core stays pure TypeScript', () => {
  const files = tsFiles(CORE);
  it('has files to check', () => expect(files.length).toBeGreaterThan(0));
  it.each(files.map((f) => [path.relative(CORE, f), f]))('%s imports no React, DOM, Dexie or Node built-ins', (_name, file) => {
    // Comments may talk about "the document"; only code counts.
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    expect(text).not.toMatch(FORBIDDEN_IMPORTS);
    expect(text).not.toMatch(FORBIDDEN_GLOBALS);
    expect(text).not.toMatch(FORBIDDEN_NODE);
    expect(file.endsWith('.tsx')).toBe(false);
  });
});
