import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Debian's interpreter: torch, torchvision and onnx are installed for it only. */
const PYTHON = '/usr/bin/python3';
const SCRIPT = path.resolve('tests/onnx/oracle.py');

/**
 * One long-lived `oracle.py` process for a test file: requests go in as JSON lines, replies come
 * back in order. Python (and torch) start once per file, not once per case.
 */
export class PythonOracle {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: Array<(line: string) => void> = [];
  private stderr = '';

  constructor() {
    this.child = spawn(PYTHON, ['-u', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
    this.child.on('exit', (code) => {
      for (const resolve of this.waiting.splice(0)) resolve(JSON.stringify({ ok: false, error: `oracle.py exited (${code}): ${this.stderr}` }));
    });
  }

  /** Sends one request; rejects with Python's error when the reply is not ok. */
  async call<T = Record<string, unknown>>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const line = await new Promise<string>((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(JSON.stringify({ cmd, ...args }) + '\n');
    });
    const reply = JSON.parse(line) as { ok: boolean; error?: string; trace?: string } & T;
    if (!reply.ok) throw new Error(`oracle.py ${cmd}: ${reply.error}\n${reply.trace ?? ''}`);
    return reply;
  }

  /** Ends the process (stdin closes, the loop ends). */
  close(): void {
    this.child.stdin.end();
  }
}
