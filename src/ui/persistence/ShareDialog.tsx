import { useMemo, useState } from 'react';
import type { GraphDocument } from '../../core/graph/types';
import { downloadGraphJson } from '../../share/files';
import { createShareLink } from '../../share/shareLink';
import { Dialog } from './Dialog';

/**
 * A link to the graph (without weights) with its length: over 2,000 characters comes with a
 * warning, over 8,000 the link is refused and the file is offered instead.
 */
export function ShareDialog({ doc, onClose }: { doc: GraphDocument; onClose: () => void }) {
  const link = useMemo(() => createShareLink(doc, location.href), [doc]);
  const [copied, setCopied] = useState(false);
  const hasWeights = doc.weights !== undefined && Object.keys(doc.weights).length > 0;
  return (
    <Dialog title="Share" onClose={onClose} testId="share-dialog">
      {link.ok ? (
        <>
          <p>Anyone with this link sees this graph{hasWeights ? ' (without its weights; share the file for those)' : ''}. It opens outside their library until they save it.</p>
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
