/**
 * Writes the two tables over the layer kinds, so that adding a kind touches only its type
 * (src/core/graph/types.ts), its definition (src/core/layers/<kind>.ts) and its kernel
 * (src/core/runtime/kernels/<kind>.ts):
 *   - src/core/layers/layers.generated.ts: LAYERS, from every `export const x: LayerDefinition<'Kind'>`;
 *   - src/core/runtime/kernels.generated.ts: KERNELS, from every `export const x: KernelFactory<'Kind'>`.
 * Both are mapped types over LayerKind, so a kind without a definition or a kernel stays a type
 * error. The files are not committed: `npm ci` (prepare), the npm scripts and the Vite plugin
 * below write them. Run by hand: `npx tsx scripts/kindTables.ts`.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { LAYER_KINDS } from '../src/core/graph/types.ts';

interface Table {
  /** The folder scanned and the file written, relative to the repository. */
  folder: string;
  output: string;
  /** The annotation a file's export carries, e.g. `LayerDefinition`. */
  annotation: string;
  /** Import path of the annotation's type, from the output file. */
  typeImport: string;
  /** Import path prefix of a scanned file, from the output file. */
  fileImport: string;
  exportName: string;
  what: string;
}

const TABLES: readonly Table[] = [
  {
    folder: 'src/core/layers', output: 'src/core/layers/layers.generated.ts', annotation: 'LayerDefinition',
    typeImport: './layerTypes', fileImport: './', exportName: 'LAYERS', what: 'definition',
  },
  {
    folder: 'src/core/runtime/kernels', output: 'src/core/runtime/kernels.generated.ts', annotation: 'KernelFactory',
    typeImport: './kernelFactory', fileImport: './kernels/', exportName: 'KERNELS', what: 'kernel',
  },
];

export interface KindTablesResult {
  files: { path: string; text: string }[];
  /** Kinds without an entry, or with two, or entries for kinds LAYER_KINDS does not list. */
  problems: string[];
}

interface Found { kind: string; name: string; file: string }

function scan(root: string, table: Table): Found[] {
  const pattern = new RegExp(`^export const (\\w+): ${table.annotation}<'(\\w+)'>`, 'gm');
  const found: Found[] = [];
  const dir = join(root, table.folder);
  for (const entry of readdirSync(dir).sort()) {
    if (!entry.endsWith('.ts') || entry.endsWith('.generated.ts')) continue;
    const text = readFileSync(join(dir, entry), 'utf8');
    for (const m of text.matchAll(pattern)) found.push({ name: m[1], kind: m[2], file: entry.slice(0, -3) });
  }
  return found;
}

function render(table: Table, found: readonly Found[]): string {
  const byKind = new Map(found.map((f) => [f.kind, f]));
  const entries = LAYER_KINDS.filter((k) => byKind.has(k)).map((k) => byKind.get(k)!);
  const byFile = new Map<string, string[]>();
  for (const f of entries) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f.name]);
  const imports = [...byFile].sort(([a], [b]) => a.localeCompare(b))
    .map(([file, names]) => `import { ${names.sort().join(', ')} } from '${table.fileImport}${file}';`);
  return [
    `// Written by scripts/kindTables.ts from the \`${table.annotation}<'Kind'>\` exports of ${table.folder}/: do not edit.`,
    "import type { LayerKind } from '../graph/types';",
    `import type { ${table.annotation} } from '${table.typeImport}';`,
    ...imports,
    '',
    `/** The ${table.what} of every layer kind, in the order of LAYER_KINDS. */`,
    `export const ${table.exportName}: { readonly [K in LayerKind]: ${table.annotation}<K> } = {`,
    ...entries.map((f) => `  ${f.kind}: ${f.name},`),
    '};',
    '',
  ].join('\n');
}

/** The generated files' text and any kind the sources leave without exactly one entry. */
export function kindTables(root: string): KindTablesResult {
  const files: KindTablesResult['files'] = [];
  const problems: string[] = [];
  const known = new Set<string>(LAYER_KINDS);
  for (const table of TABLES) {
    const found = scan(root, table);
    for (const kind of LAYER_KINDS) {
      const mine = found.filter((f) => f.kind === kind);
      if (mine.length === 0) problems.push(`${kind} has no ${table.what}: export one as \`export const x: ${table.annotation}<'${kind}'>\` from ${table.folder}/`);
      if (mine.length > 1) problems.push(`${kind} has ${mine.length} ${table.what}s (${mine.map((f) => `${f.file}.ts ${f.name}`).join(', ')}); keep one`);
    }
    for (const f of found) {
      if (!known.has(f.kind)) problems.push(`${table.folder}/${f.file}.ts exports a ${table.what} for '${f.kind}', which LAYER_KINDS (src/core/graph/types.ts) does not list`);
    }
    files.push({ path: table.output, text: render(table, found.filter((f) => known.has(f.kind))) });
  }
  return { files, problems };
}

/** Writes the tables where they differ from what is on disk; returns the problems found. */
export function writeKindTables(root: string): string[] {
  const { files, problems } = kindTables(root);
  for (const f of files) {
    const path = join(root, f.path);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== f.text) writeFileSync(path, f.text);
  }
  return problems;
}

/** Keeps the tables current while Vite serves, builds or tests: on start and when a scanned file changes. */
export function kindTablesPlugin(root: string): Plugin {
  const report = (problems: string[]) => { for (const p of problems) console.warn(`kind tables: ${p}`); };
  return {
    name: 'kind-tables',
    config() { report(writeKindTables(root)); },
    configureServer(server) {
      const onFile = (file: string) => {
        const rel = relative(root, file).split('\\').join('/');
        if (TABLES.some((t) => rel.startsWith(`${t.folder}/`) && !rel.endsWith('.generated.ts'))) report(writeKindTables(root));
      };
      server.watcher.on('add', onFile).on('change', onFile).on('unlink', onFile);
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
  const problems = writeKindTables(root);
  for (const p of problems) console.error(`kind tables: ${p}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
