/**
 * A Python literal as `ast.literal_eval` reads the `.npy` header dict: strings, whole numbers,
 * True/False/None, tuples, lists and dicts. Enough of the grammar that a header cannot smuggle
 * one key's text inside another key's string value (a regex over the text could be fooled by
 * `{'x': "'descr': '<f4'", 'descr': '>f4', ...}`).
 */
export type PyValue =
  | { type: 'str'; value: string }
  | { type: 'int'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'none' }
  | { type: 'tuple' | 'list'; items: PyValue[] }
  | { type: 'dict'; entries: [PyValue, PyValue][] };

export type PyParseResult = { ok: true; value: PyValue } | { ok: false; message: string };

class PySyntaxError extends Error {}

const MAX_DEPTH = 16;

/** Parses `text` as exactly one literal (surrounding whitespace allowed). Never throws. */
export function parsePythonLiteral(text: string): PyParseResult {
  let i = 0;
  const fail = (what: string): never => { throw new PySyntaxError(`${what} at character ${i}`); };
  const skipSpace = () => { while (i < text.length && /\s/.test(text[i])) i++; };

  const readString = (): PyValue => {
    const quote = text[i++];
    let out = '';
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\') {
        const next = text[i + 1];
        if (next === undefined) fail('unfinished escape');
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        i += 2;
      } else out += text[i++];
    }
    if (text[i] !== quote) fail('unterminated string');
    i++;
    return { type: 'str', value: out };
  };

  const readNumber = (): PyValue => {
    const m = /^[0-9](?:_?[0-9])*L?/.exec(text.slice(i, i + 40));
    if (!m) fail('expected a number');
    i += m![0].length;
    const value = Number(m![0].replace(/[_L]/g, ''));
    if (!Number.isSafeInteger(value)) fail(`number ${m![0]} is too large`);
    return { type: 'int', value };
  };

  const readSequence = (close: string, depth: number): PyValue[] => {
    const items: PyValue[] = [];
    for (;;) {
      skipSpace();
      if (text[i] === close) { i++; return items; }
      items.push(readValue(depth + 1));
      skipSpace();
      if (text[i] === ',') { i++; continue; }
      if (text[i] === close) { i++; return items; }
      fail(`expected "," or "${close}"`);
    }
  };

  const readDict = (depth: number): PyValue => {
    const entries: [PyValue, PyValue][] = [];
    for (;;) {
      skipSpace();
      if (text[i] === '}') { i++; return { type: 'dict', entries }; }
      const key = readValue(depth + 1);
      skipSpace();
      if (text[i] !== ':') fail('expected ":"');
      i++;
      entries.push([key, readValue(depth + 1)]);
      skipSpace();
      if (text[i] === ',') { i++; continue; }
      if (text[i] === '}') { i++; return { type: 'dict', entries }; }
      fail('expected "," or "}"');
    }
  };

  const readValue = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    skipSpace();
    const c = text[i];
    if (c === "'" || c === '"') return readString();
    if (c === '(') { i++; return { type: 'tuple', items: readSequence(')', depth) }; }
    if (c === '[') { i++; return { type: 'list', items: readSequence(']', depth) }; }
    if (c === '{') { i++; return readDict(depth); }
    if (c !== undefined && c >= '0' && c <= '9') return readNumber();
    for (const [word, value] of [['True', { type: 'bool', value: true }], ['False', { type: 'bool', value: false }], ['None', { type: 'none' }]] as const) {
      if (text.startsWith(word, i) && !/[A-Za-z0-9_]/.test(text[i + word.length] ?? '')) { i += word.length; return value; }
    }
    return fail(c === undefined ? 'unexpected end' : `unexpected ${JSON.stringify(c)}`);
  };

  try {
    const value = readValue(0);
    skipSpace();
    if (i !== text.length) fail('unexpected text after the literal');
    return { ok: true, value };
  } catch (err) {
    if (err instanceof PySyntaxError) return { ok: false, message: err.message };
    throw err;
  }
}
