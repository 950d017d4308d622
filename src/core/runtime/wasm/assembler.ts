/**
 * A small typed assembler for the runtime's WebAssembly modules. Locals are objects that carry
 * their type and name (the local declarations and the name section come from them, so no index
 * is written by hand); `loop`, `block` and `ifThen` take their body as a function and close
 * themselves; branches name the label they leave or repeat, and the assembler counts the depth.
 * Opcodes come by name from ./opcodes. The module's text form (for review and the golden
 * listing test) is wabt's disassembly of these bytes, names included.
 */
import { encodeName, encodeU, encodeVector } from './encoding';
import { VALTYPE, op, type ValType } from './opcodes';

/** A parameter or local of one function. */
export interface Local<T extends ValType = ValType> {
  readonly index: number;
  readonly type: T;
  readonly name: string;
}

/** A block or loop a branch can target (loop: back to its start; block: past its end). */
export interface Label {
  readonly name: string;
  readonly id: number;
}

type Code = number | readonly number[];

/** Builds one function body. */
export class FunctionBuilder {
  readonly bytes: number[] = [];
  readonly locals: Local[] = [];
  private readonly open: Label[] = [];
  private labels = 0;

  private readonly paramCount: number;

  constructor(params: readonly [string, ValType][]) {
    for (const [name, type] of params) this.locals.push({ index: this.locals.length, type, name });
    this.paramCount = params.length;
  }

  /** The parameters, in signature order. */
  params(): Local[] {
    return this.locals.slice(0, this.paramCount);
  }

  /** A new local of `type`. */
  local<T extends ValType>(name: string, type: T): Local<T> {
    const l: Local<T> = { index: this.locals.length, type, name };
    this.locals.push(l);
    return l;
  }

  /** Appends instructions (opcode arrays from ./opcodes, or bytes). */
  emit(...code: Code[]): this {
    for (const c of code) if (typeof c === 'number') this.bytes.push(c); else this.bytes.push(...c);
    return this;
  }

  get(l: Local): this {
    return this.emit(0x20, encodeU(l.index));
  }

  set(l: Local): this {
    return this.emit(0x21, encodeU(l.index));
  }

  tee(l: Local): this {
    return this.emit(0x22, encodeU(l.index));
  }

  /** `local = value`, the value being what `code` pushes. */
  assign(l: Local, ...code: Code[]): this {
    return this.emit(...code).set(l);
  }

  /** A loop; `br(label)` inside goes back to its start. Closes itself. */
  loop(name: string, body: (label: Label) => void): this {
    return this.structured(0x03, name, body);
  }

  /** A block; `br(label)` inside leaves it. Closes itself. */
  block(name: string, body: (label: Label) => void): this {
    return this.structured(0x02, name, body);
  }

  /** Pops an i32; runs `then` if it is non-zero, else `otherwise`. Closes itself. */
  ifThen(then: () => void, otherwise?: () => void): this {
    const label: Label = { name: 'if', id: this.labels++ };
    this.emit(0x04, 0x40);
    this.open.push(label);
    then();
    if (otherwise) {
      this.emit(0x05);
      otherwise();
    }
    this.open.pop();
    return this.emit(0x0b);
  }

  /** Branches to `label` unconditionally. */
  br(label: Label): this {
    return this.emit(0x0c, encodeU(this.depth(label)));
  }

  /** Pops an i32; branches to `label` if it is non-zero. */
  brIf(label: Label): this {
    return this.emit(0x0d, encodeU(this.depth(label)));
  }

  /** The function's code entry: local declarations (runs of one type) and the body. */
  encode(): number[] {
    const runs: number[][] = [];
    let last: ValType | null = null;
    for (const l of this.locals.slice(this.paramCount)) {
      if (l.type === last) runs[runs.length - 1][0]++;
      else runs.push([1, VALTYPE[l.type]]);
      last = l.type;
    }
    if (this.open.length) throw new Error(`wasm assembler: ${this.open.length} block(s) still open`);
    const code = [...encodeVector(runs.map(([n, t]) => [...encodeU(n), t])), ...this.bytes, 0x0b];
    return [...encodeU(code.length), ...code];
  }

  private structured(opcode: number, name: string, body: (label: Label) => void): this {
    const label: Label = { name, id: this.labels++ };
    this.emit(opcode, 0x40);
    this.open.push(label);
    body(label);
    this.open.pop();
    return this.emit(0x0b);
  }

  private depth(label: Label): number {
    const at = this.open.lastIndexOf(label);
    if (at < 0) throw new Error(`wasm assembler: branch to ${label.name}, which is not open here`);
    return this.open.length - 1 - at;
  }
}

/** The memory a module imports: `initial` and optional `maximum` in 64 KiB pages. */
export interface MemoryImport { module: string; name: string; initial: number; maximum?: number; shared?: boolean }

interface FunctionEntry { name: string; params: [string, ValType][]; results: ValType[]; fn: FunctionBuilder }

/** Section ids of the binary format. */
const SECTION = { custom: 0, type: 1, import: 2, function: 3, export: 7, code: 10 } as const;

function section(id: number, bytes: number[]): number[] {
  return [id, ...encodeU(bytes.length), ...bytes];
}

/**
 * A module of exported functions over one imported memory. Each function is built by a callback
 * that receives the FunctionBuilder and its parameters as typed locals.
 */
export class ModuleBuilder {
  private readonly functions: FunctionEntry[] = [];

  constructor(private readonly memory: MemoryImport) {}

  /** Adds an exported function named `name`. */
  func<P extends readonly [string, ValType][]>(
    name: string, params: P, results: ValType[],
    build: (f: FunctionBuilder, args: { [I in keyof P]: Local<P[I] extends [string, infer T extends ValType] ? T : never> }) => void,
  ): this {
    const fn = new FunctionBuilder(params);
    build(fn, fn.params() as never);
    this.functions.push({ name, params: [...params], results, fn });
    return this;
  }

  /** The module's bytes, with a name section naming the functions and their locals. */
  encode(): Uint8Array<ArrayBuffer> {
    const types = this.functions.map((f) => [0x60, ...encodeVector(f.params.map(([, t]) => [VALTYPE[t]])), ...encodeVector(f.results.map((t) => [VALTYPE[t]]))]);
    const m = this.memory;
    const limits = m.maximum === undefined ? [0x00, ...encodeU(m.initial)] : [m.shared ? 0x03 : 0x01, ...encodeU(m.initial), ...encodeU(m.maximum)];
    const imports = encodeVector([[...encodeName(m.module), ...encodeName(m.name), 0x02, ...limits]]);
    const functionNames = encodeVector(this.functions.map((f, i) => [...encodeU(i), ...encodeName(f.name)]));
    const localNames = encodeVector(this.functions.map((f, i) => [...encodeU(i), ...encodeVector(f.fn.locals.map((l) => [...encodeU(l.index), ...encodeName(l.name)]))]));
    const names = [...encodeName('name'), ...section(1, functionNames), ...section(2, localNames)];
    return new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      ...section(SECTION.type, encodeVector(types)),
      ...section(SECTION.import, imports),
      ...section(SECTION.function, encodeVector(this.functions.map((_, i) => encodeU(i)))),
      ...section(SECTION.export, encodeVector(this.functions.map((f, i) => [...encodeName(f.name), 0x00, ...encodeU(i)]))),
      ...section(SECTION.code, encodeVector(this.functions.map((f) => f.fn.encode()))),
      ...section(SECTION.custom, names),
    ]);
  }
}

export { op };
