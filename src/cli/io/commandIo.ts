import { escapeTerminalText } from './terminalText';

/** Where a command writes, one line per call: stdout and stderr (tests capture them). */
export interface CommandIo { out: (line: string) => void; err: (line: string) => void }

/**
 * The process's stdout and stderr. Every line is escaped on the way out: names and messages come
 * from the document, and a document must not drive the terminal. A line is one line: a newline
 * inside it is escaped too, so callers pass multi-line text line by line.
 */
export const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${escapeTerminalText(line)}\n`),
  err: (line) => process.stderr.write(`${escapeTerminalText(line)}\n`),
};

/** Writes multi-line text (a table, indented JSON) line by line. */
export function writeLines(write: (line: string) => void, text: string): void {
  for (const line of text.split('\n')) write(line);
}
