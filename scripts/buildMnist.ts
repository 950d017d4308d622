/**
 * Build step: converts a balanced sample of digits from the `mnist` package (41 MB of JSON, never
 * shipped) into public/data/mnist-digits.bin (about 400 KB for 500 digits), which the Run panel
 * fetches. Usage: tsx scripts/buildMnist.ts [count]. Skips the work when the file is up to date.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { encodeMnistDigits } from '../src/core/imaging/mnistDigits';

const require = createRequire(import.meta.url);
const SIDE = 28;
const count = Number(process.argv[2] ?? 500);
if (!Number.isInteger(count) || count < 10 || count % 10 !== 0) {
  console.error(`buildMnist: the count must be a multiple of 10 (a balanced set of 0-9), got ${process.argv[2]}`);
  process.exit(1);
}
const out = path.resolve('public/data/mnist-digits.bin');
const perDigit = count / 10;

if (existsSync(out) && statSync(out).size === 12 + count + count * SIDE * SIDE) {
  console.log(`buildMnist: ${path.relative(process.cwd(), out)} is up to date (${count} digits)`);
  process.exit(0);
}

const labels = new Uint8Array(count);
const pixels = new Uint8Array(count * SIDE * SIDE);
// Interleave 0,1,...,9,0,1,... so any prefix of the file is balanced too. The samples are taken
// from the END of each digit's list: the package's own MNIST.set() draws training data from the start.
const raws: number[][] = [];
for (let d = 0; d < 10; d++) {
  const file = require.resolve(`mnist/src/digits/${d}.json`);
  raws.push((JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data);
}
for (let k = 0; k < perDigit; k++) {
  for (let d = 0; d < 10; d++) {
    const raw = raws[d];
    const available = Math.floor(raw.length / (SIDE * SIDE));
    if (available < perDigit) {
      console.error(`buildMnist: the mnist package has only ${available} samples of digit ${d}; asked for ${perDigit}`);
      process.exit(1);
    }
    const sample = available - perDigit + k;
    const index = k * 10 + d;
    labels[index] = d;
    for (let i = 0; i < SIDE * SIDE; i++) pixels[index * SIDE * SIDE + i] = Math.round(raw[sample * SIDE * SIDE + i] * 255);
  }
}
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, encodeMnistDigits({ rows: SIDE, cols: SIDE, labels, pixels }));
console.log(`buildMnist: wrote ${count} digits (${perDigit} of each) to ${path.relative(process.cwd(), out)}`);
