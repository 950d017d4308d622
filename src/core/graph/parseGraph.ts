import { graphDocumentSchema } from './schema';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDocument } from './types';

/** Why a document was refused. `path` points into the document, e.g. `nodes[2].position.x`. */
export type ParseErrorCode = 'not-json' | 'not-a-graph' | 'wrong-format' | 'missing-version' | 'version-too-new' | 'invalid-document';

/** Result of parsing: the document, or one error with a code the UI can key on. Never thrown. */
export type ParseResult =
  | { ok: true; doc: GraphDocument }
  | { ok: false; error: { code: ParseErrorCode; message: string; path?: string } };

function fail(code: ParseErrorCode, message: string, path?: string): ParseResult {
  return { ok: false, error: path === undefined ? { code, message } : { code, message, path } };
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : `a ${typeof v}`;
}

/** A prototype-free copy of `source`'s own enumerable entries, each passed through `pick`. */
function copyOwn<T>(source: unknown, pick: (value: unknown) => T): Record<string, T> {
  const out: Record<string, T> = Object.create(null);
  for (const key of Object.keys(source as object)) {
    Object.defineProperty(out, key, { value: pick((source as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * zod builds records on plain `{}` objects, where a `"__proto__"` key (an own property after
 * JSON.parse) sets the prototype instead of an entry, so the key would silently vanish. The
 * schema has already checked these values: re-copy params and weights from the input into
 * prototype-free objects so every key, `__proto__` included, stays ordinary data.
 */
function keepOwnRecordKeys(doc: GraphDocument, input: Record<string, unknown>): GraphDocument {
  const inputNodes = input.nodes as { params: unknown }[];
  const nodes = doc.nodes.map((node, i) => ({ ...node, params: copyOwn(inputNodes[i].params, (v) => v) }));
  if (doc.weights === undefined) return { ...doc, nodes };
  const weights = copyOwn(input.weights, (perNode) =>
    copyOwn(perNode, (t) => {
      const tensor = t as { shape: number[]; data: string };
      return { shape: [...tensor.shape], data: tensor.data };
    }),
  );
  return { ...doc, nodes, weights };
}

/**
 * Checks an already-decoded value against the graph document schema. Never throws: a non-object is
 * 'not-a-graph', another format 'wrong-format', a newer version 'version-too-new', and any other
 * problem 'invalid-document' with the path of the first bad field.
 */
export function parseGraphDocument(input: unknown): ParseResult {
  try {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return fail('not-a-graph', `Expected a graph document (a JSON object), got ${describe(input)}`);
    }
    const obj = input as Record<string, unknown>;
    if (!('format' in obj)) {
      return fail('not-a-graph', `Not a graph document: there is no "format": "${GRAPH_FORMAT}" field`);
    }
    if (obj.format !== GRAPH_FORMAT) {
      return fail('wrong-format', `Not a graph document: format is ${JSON.stringify(obj.format)}, expected "${GRAPH_FORMAT}"`, 'format');
    }
    if (obj.version === undefined) return fail('missing-version', 'The graph document has no "version" field', 'version');
    if (typeof obj.version === 'number' && Number.isInteger(obj.version) && obj.version > GRAPH_VERSION) {
      return fail('version-too-new', `The graph document is version ${obj.version}; this app reads up to version ${GRAPH_VERSION}. Update the app to open it`, 'version');
    }
    const result = graphDocumentSchema.safeParse(input);
    if (result.success) return { ok: true, doc: keepOwnRecordKeys(result.data as GraphDocument, obj) };
    const issue = result.error.issues[0];
    const path = formatPath(issue.path);
    return fail('invalid-document', `Invalid graph document${path ? ` at ${path}` : ''}: ${issue.message}`, path);
  } catch (e) {
    // Exotic inputs (throwing getters, proxies) must not crash the caller either.
    return fail('invalid-document', `Invalid graph document: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** JSON text -> document; 'not-json' when the text is not JSON. Never throws. */
export function parseGraphJson(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail('not-json', `Not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseGraphDocument(value);
}
