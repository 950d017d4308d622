import { writeFileSync } from 'node:fs';
import { serializeGraphDocument } from '../../core/graph/serializeGraph';
import { formatImportReport } from '../../core/import/importReport';
import type { ImportOptions } from '../../core/import/importOnnx';
import { layoutDocument } from '../../ui/layout/autoLayout';
import { processIo, type CommandIo } from '../io/commandIo';
import { readOnnxFile } from './readOnnxFile';

const USAGE = 'usage: import MODEL.onnx [--out GRAPH.cnn.json] [--input-shape H,W,C] [--partial] [--no-weights] [--json]';

interface ImportArgs { file: string; out: string | null; options: ImportOptions; json: boolean }

function parseArgs(argv: readonly string[]): { ok: true; args: ImportArgs } | { ok: false; message: string } {
  const files: string[] = [];
  let out: string | null = null;
  let json = false;
  const options: ImportOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = argv[i + 1];
    if (a === '--out') {
      if (value === undefined) return { ok: false, message: `--out needs a file; ${USAGE}` };
      out = value;
      i++;
    } else if (a === '--input-shape') {
      if (value === undefined || !/^\d+(,\d+)*$/.test(value)) return { ok: false, message: `--input-shape needs whole numbers H,W,C (e.g. 224,224,3), got ${value ?? 'nothing'}` };
      options.inputShape = value.split(',').map(Number);
      i++;
    } else if (a === '--partial') options.partial = true;
    else if (a === '--no-weights') options.weights = 'none';
    else if (a === '--json') json = true;
    else if (a.startsWith('--')) return { ok: false, message: `import: unknown option ${a}; ${USAGE}` };
    else files.push(a);
  }
  if (files.length !== 1) return { ok: false, message: USAGE };
  return { ok: true, args: { file: files[0], out, options, json } };
}

/** The `import` entry for the CLI dispatcher. */
export function runImportCommand(args: string[]): Promise<number> {
  return importCommand(args, processIo);
}

/**
 * `import MODEL.onnx [--out GRAPH.cnn.json]`: imports an ONNX model into a graph document (weights
 * included, laid out with ELK) and prints the import report. Exit 0 when every node mapped; 1 when
 * some did not (no document is written unless --partial, which keeps them as unknown-kind nodes);
 * 2 for usage errors and files that are not (readable) ONNX models.
 */
export async function importCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(parsed.message);
    return 2;
  }
  const { file, options, json } = parsed.args;
  const imported = readOnnxFile(file, options);
  if (!imported.ok) {
    if (json) io.out(JSON.stringify({ ok: false, code: imported.code, message: imported.message, report: 'report' in imported ? imported.report : undefined }, null, 2));
    io.err(`error: ${imported.message}`);
    if ('report' in imported && imported.report) for (const line of formatImportReport(imported.report)) io.err(line);
    return imported.code === 'unmapped' ? 1 : 2;
  }
  const out = parsed.args.out ?? file.replace(/\.onnx$/i, '') + '.cnn.json';
  const doc = await layoutDocument(imported.doc);
  try {
    writeFileSync(out, serializeGraphDocument(doc));
  } catch (e) {
    io.err(`error: cannot write ${out}: ${(e as Error).message}`);
    return 2;
  }
  if (json) io.out(JSON.stringify({ ok: true, complete: imported.complete, out, report: imported.report }, null, 2));
  else {
    for (const line of formatImportReport(imported.report)) io.out(line);
    io.out(`wrote ${out}${imported.complete ? '' : ' (partial: unmapped ops are unknown-kind nodes)'}`);
  }
  return imported.complete ? 0 : 1;
}
