/**
 * One ONNX import in a fresh process, for ./importBench: prints JSON with the import time and the
 * peak resident memory the import added (maxRSS after minus maxRSS before, after a GC).
 * Usage: `node --expose-gc --import tsx/esm bench/importOnce.ts MODEL.onnx`.
 */
import { readFileSync } from 'node:fs';
import { importOnnx } from '../src/core/import/importOnnx';

const file = process.argv[2];
// Warm the code paths on nothing, so module loading and compilation are not counted.
importOnnx(new Uint8Array(0));
(globalThis as { gc?: () => void }).gc?.();
const before = process.resourceUsage().maxRSS * 1024;
const start = performance.now();
const bytes = readFileSync(file);
const result = importOnnx(bytes);
const ms = performance.now() - start;
const peak = process.resourceUsage().maxRSS * 1024;
if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
console.log(JSON.stringify({ ms, addedPeakBytes: peak - before, fileBytes: bytes.length, layers: result.doc.nodes.length }));
