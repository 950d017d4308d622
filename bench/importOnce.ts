/**
 * One ONNX import in a fresh process, for ./importBench: prints JSON with the import time (wall and
 * CPU: on a shared machine the CPU time is the steadier number) and the peak resident memory the
 * import added (maxRSS after minus maxRSS before, after a GC). With `--library`, the browser's
 * path run one after the other here: the import worker's (import with float weights, the library
 * gate) and then the layout worker's ELK layout (in the browser the two workers overlap).
 * Usage: `node --expose-gc --import tsx/esm bench/importOnce.ts MODEL.onnx [--library]`.
 */
import { readFileSync } from 'node:fs';
import { importOnnx } from '../src/core/import/importOnnx';
import { importOnnxForLibrary } from '../src/worker/importApi';
import { layoutDocument } from '../src/ui/layout/autoLayout';

const file = process.argv[2];
const library = process.argv.includes('--library');
// Warm the code paths on nothing, so module loading and compilation are not counted.
importOnnx(new Uint8Array(0));
(globalThis as { gc?: () => void }).gc?.();
const before = process.resourceUsage().maxRSS * 1024;
const cpuBefore = process.cpuUsage();
const start = performance.now();
const bytes = readFileSync(file);
const result = library ? await libraryPath(bytes) : importOnnx(bytes);
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuBefore);
const peak = process.resourceUsage().maxRSS * 1024;
if (!result.ok) throw new Error(result.message);
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, addedPeakBytes: peak - before, fileBytes: bytes.length, layers: result.doc.nodes.length }));

async function libraryPath(bytes: Uint8Array) {
  const r = importOnnxForLibrary(bytes, 'model');
  return r.ok ? { ...r, doc: await layoutDocument(r.doc) } : r;
}
