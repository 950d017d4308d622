import path from 'node:path';

/** A node id as a file-name piece: letters, digits, `_`, `-` and inner dots only, at most 80 characters. */
export function sanitizeIdForFileName(id: string): string {
  const cleaned = id.replace(/\.{2,}/g, '_').replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/_{2,}/g, '_').replace(/^[._]+|[._]+$/g, '').slice(0, 80);
  return cleaned === '' ? 'output' : cleaned;
}

/**
 * Where each output of a multi-output run goes: `--output out/y.npy` gives `out/y.<id>.npy` per
 * output node, the id sanitised so it can never leave `out/` (`sub/../../esc` becomes
 * `sub_esc`), and two ids that sanitise alike get `_2`, `_3`, ... instead of overwriting each other.
 */
export function outputPathsFor(output: string, nodeIds: readonly string[]): Map<string, string> {
  const dir = path.dirname(output);
  const stem = path.basename(output).replace(/\.npy$/, '');
  const used = new Set<string>();
  const paths = new Map<string, string>();
  for (const id of nodeIds) {
    const base = sanitizeIdForFileName(id);
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    const file = path.join(dir, `${stem}.${name}.npy`);
    // Belt and braces: the sanitised name has no separator, so this holds by construction.
    if (path.dirname(path.resolve(file)) !== path.resolve(dir)) throw new Error(`output path for node "${id}" leaves ${dir}`);
    paths.set(id, file);
  }
  return paths;
}
