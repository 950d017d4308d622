/**
 * Characters a terminal acts on instead of printing: C0 controls (ESC starts screen-clear,
 * window-title and OSC-52 clipboard-write sequences; CR rewrites the line), DEL, C1 controls
 * (0x9b is a one-byte CSI on some terminals) and the Unicode bidi overrides and isolates that
 * reorder what is shown.
 */
const TERMINAL_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `\u001b` for ESC, `\u202e` for RLO: how an escaped character is shown. */
function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * One line of text output made safe to print: every control character (a newline inside a name
 * included) becomes a visible `\uXXXX`, so a graph's names can neither move the cursor, clear the
 * screen, retitle the window nor write to the clipboard. Inside JSON strings the result is still
 * valid JSON for the same text.
 */
export function escapeTerminalText(line: string): string {
  return line.replace(TERMINAL_CONTROLS, escapeChar);
}
