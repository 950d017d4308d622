/**
 * Names the generated Python may not give a layer: keywords (`class`, `lambda`, soft `match`),
 * what the generated code itself refers to (modules, builtins it calls, its own functions), and
 * every public attribute of torch.nn.Module (an attribute called `forward` or `training` would
 * break the module).
 */
const RESERVED = new Set([
  'false', 'none', 'true', 'and', 'as', 'assert', 'async', 'await', 'break', 'case', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'match', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
  'self', 'torch', 'nn', 'f', 'np', 'os', 'json', 'struct', 'sys', 'math', 'warnings', 'argparse', 'model',
  'load_model', 'read_safetensors', 'float', 'int', 'super', 'open', 'len', 'tuple', 'list', 'dict', 'isinstance', 'print', 'zip', 'max', 'min', 'range',
  'add_module', 'apply', 'bfloat16', 'buffers', 'children', 'cpu', 'cuda', 'double', 'dump_patches', 'eval', 'extra_repr',
  'forward', 'get_buffer', 'get_extra_state', 'get_parameter', 'get_submodule', 'half', 'ipu', 'load_state_dict', 'modules',
  'named_buffers', 'named_children', 'named_modules', 'named_parameters', 'parameters', 'register_backward_hook',
  'register_buffer', 'register_forward_hook', 'register_forward_pre_hook', 'register_full_backward_hook',
  'register_load_state_dict_post_hook', 'register_module', 'register_parameter', 'requires_grad_', 'set_extra_state',
  'share_memory', 'state_dict', 'to', 'to_empty', 'train', 'training', 'type', 'xpu', 'zero_grad',
]);

/**
 * A layer name as a snake_case Python identifier, or '' when nothing usable is left: accents
 * dropped (`Schicht_ü` -> `schicht_u`), camelCase split (`convBlock1` -> `conv_block1`), anything
 * else an underscore, no leading or trailing underscores (so no dunders), a leading digit prefixed.
 */
export function toSnakeIdentifier(name: string): string {
  const ascii = name.normalize('NFKD').replace(/\p{M}+/gu, '');
  const snake = ascii
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([0-9])([A-Z][a-z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(snake) ? `layer_${snake}` : snake;
}

/**
 * One distinct Python identifier per layer, in the order given: the snake_case name, else the kind's
 * (`卷积` as a Conv2D becomes `conv2d`); a keyword or reserved name gets a trailing underscore
 * (`class_`, `forward_`); a name already taken gets `_2`, `_3`, ... (`a b` and `a_b` become `a_b`
 * and `a_b_2`). `alsoReserved`: names the caller's own generated code uses besides those.
 */
export function assignPythonNames(layers: readonly { id: string; name: string; kind: string }[], alsoReserved: ReadonlySet<string> = new Set()): Map<string, string> {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const layer of layers) {
    let base = toSnakeIdentifier(layer.name) || toSnakeIdentifier(layer.kind) || 'layer';
    const reserved = (n: string) => RESERVED.has(n) || alsoReserved.has(n);
    if (reserved(base)) base = `${base}_`;
    let name = base;
    for (let k = 2; taken.has(name) || reserved(name); k++) name = `${base}_${k}`;
    taken.add(name);
    names.set(layer.id, name);
  }
  return names;
}

/**
 * A label for a Python comment or string: letters and digits of any script stay, anything else
 * outside printable ASCII is escaped, so no name can end a comment line or a string early.
 */
export function describeForPython(label: string): string {
  const escaped = JSON.stringify(label).slice(1, -1);
  return escaped.replace(/[^\x20-\x7e\p{L}\p{N}]/gu, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A Python string literal of any text: double-quoted, everything outside printable ASCII escaped. */
export function pythonStringLiteral(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return `"${escaped.replace(/[^\x20-\x7e]/gu, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  })}"`;
}
