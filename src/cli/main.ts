import { runPlanCommand } from './commands/plan';
import { runRunCommand } from './commands/run';
import { runSummaryCommand } from './commands/summary';

/**
 * The command-line entry: `npm run cli -- <command> [args]`. Each command lives in
 * ./commands/<name>.ts and returns its exit code.
 */
const COMMANDS: Record<string, { usage: string; run: (args: string[]) => Promise<number> | number }> = {
  summary: { usage: 'summary FILE [--json]   model summary and diagnostics of a graph document', run: runSummaryCommand },
  plan: { usage: 'plan FILE [--json]   execution plan: steps, kernels, shapes, arena buffers and offsets', run: runPlanCommand },
  run: { usage: 'run FILE --input X.npy [--output Y.npy] [--seed N]   run the graph on a float32 .npy batch', run: runRunCommand },
};

function printUsage(): void {
  process.stderr.write(`usage: cli <command> [args]\n${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    if (name !== undefined && name !== '--help') process.stderr.write(`error: unknown command "${name}"\n`);
    printUsage();
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
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
