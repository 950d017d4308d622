import { describe, expect, it } from 'vitest';
import { writePytorchModelCode } from '../../../src/core/export/pytorch/modelCode';
import { findPreset } from '../../../src/core/presets';
import { highlightPythonLines, splitHighlightedLines } from '../../../src/ui/export/highlightPython';

const unescape = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
const balanced = (html: string) => (html.match(/<span/g) ?? []).length === (html.match(/<\/span>/g) ?? []).length;

describe('highlightPythonLines', () => {
  it('one balanced line of HTML per source line, whose text is the source line', () => {
    const code = writePytorchModelCode(findPreset('resnet-block')!.doc, { weights: 'document', seed: 1 });
    if (!code.ok) throw new Error(code.message);
    const source = code.source;
    const lines = highlightPythonLines(source);
    expect(lines.length).toBe(source.split('\n').length);
    lines.forEach((html, i) => {
      expect(balanced(html), `line ${i + 1}`).toBe(true);
      expect(unescape(html), `line ${i + 1}`).toBe(source.split('\n')[i]);
    });
    // The module docstring spans lines: its second line is still a string on its own.
    expect(lines[2]).toMatch(/^<span class="hljs-string">/);
    expect(lines.find((l) => l.includes('class </span><span class="hljs-title class_">Model') || /hljs-keyword">class</.test(l))).toBeDefined();
  });

  it('a span open across a newline is closed and reopened', () => {
    expect(splitHighlightedLines('<span class="a">x\ny</span>z\n')).toEqual(['<span class="a">x</span>', '<span class="a">y</span>z', '']);
  });
});
