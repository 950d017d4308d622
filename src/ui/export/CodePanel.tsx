import { useEffect, useMemo, useRef, useState } from 'react';
import { useEditorStore } from '../editor/store';
import { useRunStore } from '../run/runStore';
import { ExportProblemList } from './ExportProblemList';
import { highlightPythonLines } from './highlightPython';
import { CODE_LANGUAGES } from './modelCode';
import './export.css';

/**
 * The generated model.py of the graph, highlighted, as the export writes it (same options as the
 * Export menu). The selected nodes' lines are marked (their attribute in `__init__`, their line in
 * `forward`) and scrolled into view; Copy puts the whole file on the clipboard.
 */
export function CodePanel() {
  const doc = useEditorStore((s) => s.doc);
  const selected = useEditorStore((s) => s.selectedNodeIds);
  const seed = useRunStore((s) => s.seed);
  const [languageId, setLanguageId] = useState(CODE_LANGUAGES[0].id);
  const language = CODE_LANGUAGES.find((l) => l.id === languageId) ?? CODE_LANGUAGES[0];
  const code = useMemo(() => language.write(doc, { weights: 'document', seed }), [language, doc, seed]);
  const lines = useMemo(() => (code.ok ? highlightPythonLines(code.source) : []), [code]);
  const marked = useMemo(() => new Set(code.ok ? selected.flatMap((id) => code.linesOf.get(id) ?? []) : []), [code, selected]);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const first = marked.size > 0 ? Math.min(...marked) : null;
  useEffect(() => {
    const box = scroller.current;
    const line = first === null ? null : box?.querySelector<HTMLElement>(`[data-line="${first}"]`);
    if (!box || !line) return;
    // Scroll only the code, never the page or the drawer around it.
    const top = line.offsetTop - box.clientHeight / 3;
    box.scrollTo({ top: Math.max(0, top) });
  }, [first, lines]);

  async function copy() {
    if (!code.ok) return;
    try {
      await navigator.clipboard.writeText(code.source);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
    window.setTimeout(() => setCopied(null), 2000);
  }

  return (
    <section className="code-panel" aria-label="Generated code" data-testid="code-panel">
      <header className="code-panel-head">
        <div className="code-language" role="radiogroup" aria-label="Framework">
          {CODE_LANGUAGES.map((l) => (
            <button key={l.id} type="button" role="radio" aria-checked={l.id === language.id} className="code-language-button" onClick={() => setLanguageId(l.id)} data-testid={`code-language-${l.id}`}>
              {l.label}
            </button>
          ))}
        </div>
        <span className="code-file">model.py</span>
        <button type="button" className="tool-button code-copy" disabled={!code.ok} onClick={() => void copy()} data-testid="code-copy">
          {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
        </button>
      </header>
      {code.ok ? (
        <div className="code-scroll" ref={scroller} data-testid="code-scroll">
          <pre className="code-text hljs"><code>
            {lines.map((html, i) => (
              <span
                key={i}
                className={`code-line${marked.has(i + 1) ? ' is-marked' : ''}`}
                data-line={i + 1}
                // highlight.js escapes the source; only its own <span class> tags are markup.
                dangerouslySetInnerHTML={{ __html: `${html}\n` }}
              />
            ))}
          </code></pre>
        </div>
      ) : (
        <div className="code-problems">
          <ExportProblemList problem={{ ...code, target: language.label }} />
        </div>
      )}
    </section>
  );
}
