/**
 * Build step: converts the `mnist` package (41 MB of JSON, never shipped) into two files:
 * - public/data/mnist-digits.bin: a balanced sample of held-out digits (about 400 KB for 500),
 *   which the Run panel's picker fetches;
 * - public/data/mnist-train.bin: every other digit of the package (about 9,000, 7 MB), which the
 *   trainer fetches only when training on MNIST starts, and public/data/mnist-heldout.bin: all
 *   1,000 held-out digits, its validation set.
 * Usage: tsx scripts/buildMnist.ts [count]. Skips a file that is up to date (the right size and
 * newer than this script and the split it uses).
 *
 * The digits are the HELD-OUT range of scripts/trainLenet.ts: samples 0..99 of each digit class,
 * which the trained LeNet preset never saw, so a prediction shown in the app is an honest one.
 * Hence at most 1000 digits (100 per class).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMnistDigits } from '../src/core/imaging/mnistDigits';
import { splitMnistDigits } from '../src/core/train/data/mnistSplit';

const require = createRequire(import.meta.url);
const SIDE = 28;
/** Per digit class, samples [0, HELD_OUT_PER_DIGIT) are the ones scripts/trainLenet.ts does not train on. */
const HELD_OUT_PER_DIGIT = 100;
const count = Number(process.argv[2] ?? 500);
if (!Number.isInteger(count) || count < 10 || count % 10 !== 0 || count > 10 * HELD_OUT_PER_DIGIT) {
  console.error(`buildMnist: the count must be a multiple of 10 (a balanced set of 0-9) from 10 to ${10 * HELD_OUT_PER_DIGIT} (the held-out digits), got ${process.argv[2]}`);
  process.exit(1);
}
const out = path.resolve('public/data/mnist-digits.bin');
const perDigit = count / 10;

// The size alone would not notice a change of which samples are taken, hence the age check too.
const script = fileURLToPath(import.meta.url);
const split = fileURLToPath(new URL('../src/core/train/data/mnistSplit.ts', import.meta.url));
const upToDate = (file: string, size: number | null) =>
  existsSync(file) && (size === null || statSync(file).size === size)
  && statSync(file).mtimeMs >= Math.max(statSync(script).mtimeMs, statSync(split).mtimeMs);
const trainOut = path.resolve('public/data/mnist-train.bin');
const heldOutOut = path.resolve('public/data/mnist-heldout.bin');
const trainFresh = upToDate(trainOut, null) && upToDate(heldOutOut, null);
if (upToDate(out, 12 + count + count * SIDE * SIDE) && trainFresh) {
  console.log(`buildMnist: ${path.relative(process.cwd(), out)} (${count} digits) and ${path.relative(process.cwd(), trainOut)} are up to date`);
  process.exit(0);
}

const labels = new Uint8Array(count);
const pixels = new Uint8Array(count * SIDE * SIDE);
// Interleave 0,1,...,9,0,1,... so any prefix of the file is balanced too. Sample k of each class
// for k < perDigit <= HELD_OUT_PER_DIGIT: the start of each list, never the training range.
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
    const sample = k;
    const index = k * 10 + d;
    labels[index] = d;
    for (let i = 0; i < SIDE * SIDE; i++) pixels[index * SIDE * SIDE + i] = Math.round(raw[sample * SIDE * SIDE + i] * 255);
  }
}
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, encodeMnistDigits({ rows: SIDE, cols: SIDE, labels, pixels }));
console.log(`buildMnist: wrote ${count} digits (samples 0..${perDigit - 1} of each class) to ${path.relative(process.cwd(), out)}`);
if (!trainFresh) {
  const { train, heldOut } = splitMnistDigits(raws);
  writeFileSync(trainOut, encodeMnistDigits(train));
  writeFileSync(heldOutOut, encodeMnistDigits(heldOut));
  console.log(`buildMnist: wrote ${train.labels.length} training digits (samples ${HELD_OUT_PER_DIGIT}.. of each class) to ${path.relative(process.cwd(), trainOut)}`);
}
