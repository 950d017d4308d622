/**
 * Layer names (and ids) from ONNX node names. PyTorch 2 names nodes by module path
 * ('/layer1/layer1.0/conv1/Conv'), older exporters by op type ('Conv_12'), some not at all.
 */

const MAX_NAME = 64;

/**
 * A readable, unique name: path separators become dots, the trailing op-type segment of a module
 * path is dropped, other characters outside [A-Za-z0-9_.-] become '_', at most 64 characters.
 */
export function sanitizeName(raw: string): string {
  let segments = raw.split('/').filter((s) => s !== '');
  // '/layer1/layer1.0/conv1/Conv': the op type adds nothing to 'layer1.0.conv1'; neither does a
  // segment that the next one repeats as its prefix ('layer1' before 'layer1.0').
  if (segments.length > 1 && /^[A-Z][A-Za-z]*(_\d+)?$/.test(segments[segments.length - 1])) segments = segments.slice(0, -1);
  segments = segments.filter((s, i) => i + 1 >= segments.length || !segments[i + 1].startsWith(`${s}.`));
  const joined = segments.join('.').replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[._-]+|[._-]+$/g, '');
  return joined.slice(0, MAX_NAME);
}

/** Hands out unique sanitised names and remembers each renaming for the report. */
export class NodeNamer {
  private readonly used = new Set<string>();
  readonly renamed: Array<{ from: string; to: string }> = [];

  /** A unique name for an ONNX node called `raw` (`fallback`, e.g. 'Conv_3', when it has none). */
  name(raw: string, fallback: string): string {
    const base = sanitizeName(raw) || sanitizeName(fallback) || 'node';
    let name = base;
    for (let k = 2; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    if (raw !== '' && name !== raw) this.renamed.push({ from: raw, to: name });
    return name;
  }
}
