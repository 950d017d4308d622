import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModuleBuilder } from '../../../src/core/runtime/wasm/assembler';
import { assembleKernelModule } from '../../../src/core/runtime/wasm/kernelModule';
import { op } from '../../../src/core/runtime/wasm/opcodes';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/wasm');
let wabt: Awaited<ReturnType<typeof wabtInit>>;
beforeAll(async () => { wabt = await wabtInit(); });

/** wabt's listing of `bytes`, with the names of our name section; also validates the module. */
function disassemble(bytes: Uint8Array): string {
  const m = wabt.readWasm(bytes, { readDebugNames: true, simd: true, relaxed_simd: true });
  try {
    m.validate();
    m.applyNames();
    return m.toText({ foldExprs: false, inlineExport: false });
  } finally {
    m.destroy();
  }
}

/**
 * Compares with the checked-in listing; `UPDATE_GOLDEN=1 npx vitest run tests/runtime/wasm` rewrites
 * it after a deliberate change to a kernel (review the diff: it is the kernel's code).
 */
function expectGolden(file: string, text: string): void {
  const at = path.join(fixtures, file);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(at, text);
  expect(text).toBe(readFileSync(at, 'utf8'));
}

describe('the kernel module', () => {
  it('disassembles (wabt) to the golden listing, plain SIMD', () => {
    expectGolden('kernels.wat', disassemble(assembleKernelModule()));
  });

  it('disassembles to the golden listing with relaxed SIMD, which differs only in fused multiply-adds', () => {
    const relaxed = disassemble(assembleKernelModule({ relaxed: true }));
    expectGolden('kernels-relaxed.wat', relaxed);
    const plain = disassemble(assembleKernelModule());
    expect(relaxed).toContain('f32x4.relaxed_madd');
    expect(plain).not.toContain('relaxed');
    expect(relaxed.split('\n').length).toBeLessThan(plain.split('\n').length);
  });

  it('round-trips through wabt: its assembly of our listing is a module with the same functions', () => {
    const text = disassemble(assembleKernelModule());
    const parsed = wabt.parseWat('kernels.wat', text, { simd: true });
    const bytes = parsed.toBinary({ write_debug_names: true }).buffer;
    parsed.destroy();
    expect(disassemble(bytes)).toBe(text);
  });
});

describe('the assembler', () => {
  it('counts branch depths from the labels: a br_if to a loop from two blocks in is depth 2', () => {
    const m = new ModuleBuilder({ module: 'env', name: 'mem', initial: 1 });
    m.func('count', [['n', 'i32']] as const, ['i32'], (f, [n]) => {
      const i = f.local('i', 'i32');
      f.loop('outer', (outer) => {
        f.block('a', () => {
          f.block('b', () => {
            f.get(i).emit(op.i32.const(1), op.i32.add).set(i);
            f.get(i).get(n).emit(op.i32.lt_u).brIf(outer);
          });
        });
      });
      f.get(i);
    });
    const bytes = m.encode();
    expect(disassemble(bytes)).toContain('br_if 2');
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: new WebAssembly.Memory({ initial: 1 }) } });
    expect((instance.exports.count as (n: number) => number)(7)).toBe(7);
  });

  it('refuses a branch to a label that is not open', () => {
    const m = new ModuleBuilder({ module: 'env', name: 'mem', initial: 1 });
    expect(() => m.func('bad', [] as const, [], (f) => {
      let escaped: Parameters<Parameters<typeof f.loop>[1]>[0] | null = null;
      f.loop('once', (l) => { escaped = l; });
      f.emit(op.i32.const(0)).brIf(escaped!);
    })).toThrow(/branch to once, which is not open here/);
  });

  it('declares locals by type in runs and names them in the name section', () => {
    const m = new ModuleBuilder({ module: 'env', name: 'mem', initial: 1 });
    m.func('locals', [['x', 'i32']] as const, ['i32'], (f, [x]) => {
      const a = f.local('alpha', 'i32');
      const v = f.local('vec', 'v128');
      const b = f.local('beta', 'i32');
      f.get(x).set(a).emit(op.v128.const(new Array<number>(16).fill(0))).set(v).get(a).set(b).get(b);
    });
    const text = disassemble(m.encode());
    expect(text).toContain('(param $x i32)');
    expect(text).toContain('(local $alpha i32) (local $vec v128) (local $beta i32)');
    const instance = new WebAssembly.Instance(new WebAssembly.Module(m.encode()), { env: { mem: new WebAssembly.Memory({ initial: 1 }) } });
    expect((instance.exports.locals as (x: number) => number)(42)).toBe(42);
  });
});
