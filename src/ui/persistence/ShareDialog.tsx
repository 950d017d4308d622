import { useMemo, useState } from 'react';
import type { GraphDocument } from '../../core/graph/types';
import { downloadGraphJson } from '../../share/files';
import { createShareLink } from '../../share/shareLink';
import { Dialog } from './Dialog';

/**
 * A link to the graph (without weights) with its length: over 2,000 characters comes with a
 * warning, over 8,000 the link is refused and the file is offered instead. A graph with weights
 * is told plainly that the link leaves them behind, with the two files that keep them.
 */
export function ShareDialog({ doc, onClose, onExportPng }: { doc: GraphDocument; onClose: () => void; onExportPng: () => void }) {
  const link = useMemo(() => createShareLink(doc, location.href), [doc]);
  const [copied, setCopied] = useState(false);
  const hasWeights = doc.weights !== undefined && Object.keys(doc.weights).length > 0;
  return (
    <Dialog title="Share" onClose={onClose} testId="share-dialog">
      {link.ok ? (
        <>
          <p>Anyone with this link sees this graph. It opens outside their library until they save it.</p>
          {hasWeights && (
            <div className="share-note" role="note" data-testid="share-no-weights">
              <p>
                The link does not carry this graph&apos;s weights: whoever opens it gets the same layers with freshly
                seeded random weights, not your trained model. To share the weights too, send the file or the PNG
                (the graph and its weights travel inside the picture).
              </p>
              <div className="share-row">
                <button type="button" className="tool-button" onClick={() => downloadGraphJson(doc)} data-testid="share-download-json">Download JSON</button>
                <button type="button" className="tool-button" onClick={onExportPng} data-testid="share-export-png">Export PNG</button>
              </div>
            </div>
          )}
          <div className="share-row">
            <input readOnly value={link.url} aria-label="Share link" data-testid="share-url" onFocus={(e) => e.currentTarget.select()} />
            <button
              type="button"
              className="tool-button is-primary"
              onClick={async () => { try { await navigator.clipboard.writeText(link.url); setCopied(true); } catch { setCopied(false); } }}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p className="muted" data-testid="share-length">{link.length.toLocaleString('en-US')} characters</p>
          {link.warning && <p className="share-warning" role="status">{link.warning}</p>}
        </>
      ) : (
        <>
          <p className="share-error" role="alert" data-testid="share-refused">{link.error.message}</p>
          <button type="button" className="tool-button is-primary" onClick={() => downloadGraphJson(doc)}>Download the file</button>
        </>
      )}
    </Dialog>
  );
}
