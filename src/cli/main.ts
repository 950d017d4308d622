import { runDiffCommand } from './commands/diff';
import { runExportCommand } from './commands/export';
import { runImportCommand } from './commands/import';
import { runPlanCommand } from './commands/plan';
import { runRunCommand } from './commands/run';
import { runSummaryCommand } from './commands/summary';
import { runTrainCommand } from './commands/train';
import { escapeTerminalText } from './io/terminalText';

/**
 * The command-line entry: `npm run cli -- <command> [args]`. Each command lives in
 * ./commands/<name>.ts and returns its exit code.
 */
const COMMANDS: Record<string, { usage: string; run: (args: string[]) => Promise<number> | number }> = {
  summary: { usage: 'summary FILE [--json]   model summary and diagnostics of a graph document', run: runSummaryCommand },
  plan: { usage: 'plan FILE [--json]   execution plan: steps, kernels, shapes, arena buffers and offsets', run: runPlanCommand },
  train: {
    usage: 'train FILE (--data mnist | --data DATA.npz | --input X.npy --labels Y.npy) [--augment shift,flip] [--epochs N] [--steps N] [--batch B] [--optimizer sgd|adam|adamw] [--lr F] [--momentum F] [--weight-decay F] [--loss cross-entropy|mse] [--no-shuffle] [--schedule constant|cosine] [--seed N] [--out TRAINED.cnn.json] [--json]   train the graph on our runtime',
    run: runTrainCommand,
  },
  import: { usage: 'import MODEL.onnx [--out GRAPH.cnn.json] [--input-shape H,W,C] [--partial] [--no-weights]   ONNX model -> graph document and import report', run: runImportCommand },
  export: { usage: 'export FILE --to pytorch|keras|onnx --out PATH [--no-weights] [--force]   the graph as a PyTorch, Keras or ONNX export, checked by their own runtimes', run: runExportCommand },
  diff: { usage: 'diff A B [--json]   what changed from graph A to B: layers, params, wiring, weights and the totals (exit 1 when they differ)', run: runDiffCommand },
  run: { usage: 'run FILE --input X.npy [--output Y.npy] [--seed N]   run the graph on a float32 .npy batch', run: runRunCommand },
};

function usage(): string {
  return `usage: cli <command> [args]   (FILE: a graph .json or a preset id such as lenet5)\n${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  const command = name === undefined || !Object.prototype.hasOwnProperty.call(COMMANDS, name) ? undefined : COMMANDS[name];
  if (!command) {
    if (name !== undefined) process.stderr.write(`error: unknown command "${escapeTerminalText(name)}"\n`);
    process.stderr.write(usage());
    return 2;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug, not a user error: still one line, no stack trace.
    process.stderr.write(`error: ${escapeTerminalText(e instanceof Error ? e.message : String(e))}\n`);
    process.exitCode = 2;
  },
);
