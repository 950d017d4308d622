import hljs from 'highlight.js/lib/core';
import python from 'highlight.js/lib/languages/python';

// The core and one language only: the full highlight.js is ~1 MB of grammars the app never shows.
hljs.registerLanguage('python', python);

/**
 * Python source as highlighted HTML, one string per line (highlight.js escapes the text, so the
 * result is safe as innerHTML). A token that spans lines, like a docstring, is closed at each line's
 * end and opened again on the next, so every line stands alone and can be marked on its own.
 */
export function highlightPythonLines(source: string): string[] {
  return splitHighlightedLines(hljs.highlight(source, { language: 'python', ignoreIllegals: true }).value);
}

/** Splits highlight.js output at its newlines, balancing the open `<span>`s on every line. */
export function splitHighlightedLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let line = '';
  for (const [token] of html.matchAll(/<span[^>]*>|<\/span>|\n|[^<\n]+/g)) {
    if (token === '\n') {
      lines.push(line + '</span>'.repeat(open.length));
      line = open.join('');
    } else if (token === '</span>') {
      open.pop();
      line += token;
    } else {
      if (token.startsWith('<span')) open.push(token);
      line += token;
    }
  }
  lines.push(line);
  return lines;
}
