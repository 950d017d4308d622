import { spawnSync } from 'node:child_process';

/**
 * Debian's interpreter, the one its python3-torch, python3-onnx and numpy belong to (the `python3`
 * on PATH may be another one without them).
 */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/**
 * Runs `script` once in the system Python with `input` as JSON on stdin and returns the JSON it
 * prints. One process per test file: torch takes seconds to import. A missing interpreter or
 * package fails the test with Python's own message (never a skip).
 */
export function runPythonJson<T>(script: string, input: unknown, timeoutMs = 120_000): T {
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script], {
    input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28, timeout: timeoutMs,
  });
  if (result.error) throw new Error(`${SYSTEM_PYTHON} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${SYSTEM_PYTHON} exited with ${result.status}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
