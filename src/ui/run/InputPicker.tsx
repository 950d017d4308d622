import { useEffect, useMemo, useState } from 'react';
import { computeBorderMean, invertPicture, LIGHT_BORDER_MEAN } from '../../core/imaging/lightBackground';
import { readMnistDigit } from '../../core/imaging/mnistDigits';
import type { Picture } from '../../core/imaging/picture';
import { makeTestPicture, TEST_PICTURES } from '../../core/imaging/testPictures';
import { DrawingPad } from './DrawingPad';
import { decodeImageFile, loadMnistDigits } from './inputSources';
import { PicturePreview } from './PicturePreview';
import { useRunStore } from './runStore';
import { useEditorStore } from '../editor/store';

type Tab = 'mnist' | 'draw' | 'upload' | 'test';
const DIGITS_SHOWN = 20;

/**
 * Chooses the input picture: an MNIST digit from the bundled sample, a drawing, an uploaded image
 * or a generated test picture. A bad upload leaves the current picture as it was.
 */
export function InputPicker() {
  const [tab, setTab] = useState<Tab>('mnist');
  const setPicture = useRunStore((s) => s.setPicture);
  const picture = useRunStore((s) => s.picture);
  const source = useRunStore((s) => s.source);
  return (
    <section className="input-picker">
      <div className="run-tabs" role="tablist">
        {(['mnist', 'draw', 'upload', 'test'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'is-active' : ''} onClick={() => setTab(t)}>
            {TAB_LABELS[t]}
          </button>
        ))}
      </div>
      {tab === 'mnist' && <MnistPicker />}
      {tab === 'draw' && <DrawingPad onDigit={(digit) => setPicture(digit, { kind: 'drawing' })} />}
      {tab === 'upload' && <UploadPicker />}
      {tab === 'test' && (
        <div className="test-pictures">
          {TEST_PICTURES.map((kind) => (
            <TestPictureButton key={kind} kind={kind} onPick={(p) => setPicture(p, { kind: 'test', name: kind })} />
          ))}
        </div>
      )}
      {picture && (
        <div className="input-current" data-testid="input-current">
          <PicturePreview picture={picture} size={56} label="current input" />
          <span>{describeSource(source)} · {picture.width}x{picture.height}</span>
        </div>
      )}
    </section>
  );
}

const TAB_LABELS: Record<Tab, string> = { mnist: 'MNIST', draw: 'Draw', upload: 'Upload', test: 'Test pictures' };

function describeSource(source: ReturnType<typeof useRunStore.getState>['source']): string {
  if (!source) return '';
  switch (source.kind) {
    case 'mnist': return `MNIST #${source.index} (a ${source.label})`;
    case 'drawing': return 'your drawing';
    case 'upload': return source.name;
    case 'test': return `test picture: ${source.name}`;
  }
}

function MnistPicker() {
  const mnist = useRunStore((s) => s.mnist);
  const setMnist = useRunStore((s) => s.setMnist);
  const setPicture = useRunStore((s) => s.setPicture);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState(0);

  useEffect(() => {
    if (mnist) return;
    let live = true;
    void loadMnistDigits().then((r) => {
      if (!live) return;
      if (r.ok) setMnist(r.value);
      else setError(r.error);
    });
    return () => { live = false; };
  }, [mnist, setMnist]);

  const digits = useMemo(() => {
    if (!mnist) return [];
    const count = mnist.labels.length;
    return Array.from({ length: Math.min(DIGITS_SHOWN, count) }, (_, k) => {
      const index = (page * DIGITS_SHOWN + k) % count;
      const picture: Picture = { width: mnist.cols, height: mnist.rows, channels: 1, data: readMnistDigit(mnist, index) };
      return { index, label: mnist.labels[index], picture };
    });
  }, [mnist, page]);

  if (error) return <p className="run-error" role="alert">{error}</p>;
  if (!mnist) return <p className="run-muted">Loading digits…</p>;
  const pages = Math.ceil(mnist.labels.length / DIGITS_SHOWN);
  return (
    <div className="mnist-picker">
      <div className="mnist-grid">
        {digits.map((d) => (
          <button key={d.index} type="button" className="mnist-digit" data-testid={`mnist-${d.index}`} title={`digit ${d.label} (#${d.index})`}
            onClick={() => setPicture(d.picture, { kind: 'mnist', index: d.index, label: d.label })}>
            <PicturePreview picture={d.picture} size={28} label={`digit ${d.label}`} />
          </button>
        ))}
      </div>
      <div className="run-row">
        <button type="button" onClick={() => setPage((p) => (p + pages - 1) % pages)} aria-label="previous digits">‹</button>
        <span className="run-muted">{page + 1} / {pages} ({mnist.labels.length} test digits)</span>
        <button type="button" onClick={() => setPage((p) => (p + 1) % pages)} aria-label="next digits">›</button>
      </div>
    </div>
  );
}

function UploadPicker() {
  const setPicture = useRunStore((s) => s.setPicture);
  // MNIST-like graphs (a one-channel Input) read white digits on black: a light upload is inverted for them.
  const grayscaleInput = useEditorStore((s) => {
    const shape = s.doc.nodes.find((n) => n.kind === 'Input')?.params.shape;
    return Array.isArray(shape) && shape.length === 3 && shape[2] === 1;
  });
  const [uploaded, setUploaded] = useState<{ picture: Picture; name: string; borderMean: number } | null>(null);
  const [invert, setInvert] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const use = (u: NonNullable<typeof uploaded>, inverted: boolean) => setPicture(inverted ? invertPicture(u.picture) : u.picture, { kind: 'upload', name: u.name });
  return (
    <div className="upload-picker">
      <input
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp,image/bmp"
        data-testid="upload-input"
        aria-label="upload an image"
        onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (!file) return;
          setMessage({ tone: 'info', text: `Reading ${file.name}…` });
          const r = await decodeImageFile(file, file.name);
          if (!r.ok) {
            setMessage({ tone: 'error', text: r.error });
            return;
          }
          const u = { picture: r.value, name: file.name, borderMean: computeBorderMean(r.value) };
          const inverted = grayscaleInput && u.borderMean > LIGHT_BORDER_MEAN;
          setUploaded(u);
          setInvert(inverted);
          use(u, inverted);
          const size = `${file.name}: ${r.value.width}x${r.value.height}, cropped and resized to the Input when run`;
          setMessage({ tone: 'info', text: inverted ? `${size}. Its background is light (border mean ${u.borderMean.toFixed(2)}), so it was inverted to white on black, as MNIST digits are.` : size });
        }}
      />
      {uploaded && (
        <label className="upload-invert" title="MNIST digits are white on black; a dark digit on paper reads as another digit unless inverted">
          <input type="checkbox" checked={invert} data-testid="upload-invert" onChange={(e) => { setInvert(e.target.checked); use(uploaded, e.target.checked); }} />
          Invert (dark on light becomes light on dark)
        </label>
      )}
      {message && <p className={message.tone === 'error' ? 'run-error' : 'run-muted'} role={message.tone === 'error' ? 'alert' : undefined} data-testid="upload-message">{message.text}</p>}
    </div>
  );
}

function TestPictureButton({ kind, onPick }: { kind: (typeof TEST_PICTURES)[number]; onPick: (p: Picture) => void }) {
  const picture = useMemo(() => makeTestPicture(kind, 128), [kind]);
  return (
    <button type="button" className="test-picture" data-testid={`test-${kind}`} onClick={() => onPick(picture)} title={kind}>
      <PicturePreview picture={picture} size={40} label={kind} />
      <span>{kind}</span>
    </button>
  );
}
