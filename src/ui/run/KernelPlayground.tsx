import { useEffect, useMemo, useRef, useState } from 'react';
import { toGrayscale } from '../../core/imaging/channels';
import { CLASSIC_KERNELS, flipKernel, type Kernel3 } from '../../core/imaging/classicKernels';
import { normaliseMinMax } from '../../core/imaging/colourScale';
import { computeStats } from '../../core/imaging/featureStats';
import { readKernelEntry } from '../../core/imaging/kernelEntry';
import { applyKernel } from '../../core/imaging/kernelPlayground';
import type { Picture } from '../../core/imaging/picture';
import { cropToAspect, resizePicture } from '../../core/imaging/resize';
import { makeTestPicture, TEST_PICTURES, type TestPictureKind } from '../../core/imaging/testPictures';
import { decodeImageFile } from './inputSources';
import { PicturePreview } from './PicturePreview';
import { useRunStore } from './runStore';
import './run.css';

const SIDE = 160;
const SOBEL_X = CLASSIC_KERNELS.find((k) => k.id === 'sobel-x')!.kernel;

/**
 * The kernel playground: the classic 3x3 kernels applied to one grayscale picture, each by
 * compiling and running a one-Conv2D graph on the project's runtime, shown beside the original.
 * Outputs are min-max normalised to 0..1 like the notebook, or shown raw (clipped to 0..1); the
 * original is shown the same way, so Identity looks exactly like it.
 */
export function KernelPlayground({ onClose }: { onClose?: () => void }) {
  const runPicture = useRunStore((s) => s.picture);
  const [source, setSource] = useState<TestPictureKind | 'run' | 'upload'>('scene');
  const [uploaded, setUploaded] = useState<Picture | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [normalise, setNormalise] = useState(true);
  const [custom, setCustom] = useState<Kernel3>([[0, 0, 0], [0, 1, 0], [0, 0, 0]]);

  const picture = source === 'run' ? runPicture : source === 'upload' ? uploaded : makeTestPicture(source, SIDE);
  const gray = useMemo(() => (picture ? resizePicture(cropToAspect(toGrayscale(picture), SIDE, SIDE), SIDE, SIDE) : null), [picture]);
  // Scaled like the outputs: a normalised Identity next to a raw original looked darker than it.
  const shownOriginal = useMemo(() => (gray && normalise ? { ...gray, data: normaliseMinMax(gray.data) } : gray), [gray, normalise]);

  return (
    <section className="playground" aria-label="Kernel playground" data-testid="kernel-playground">
      <div className="run-row">
        <h2 className="run-title">Kernel playground</h2>
        {onClose && <button type="button" onClick={onClose}>Close</button>}
      </div>
      <p className="playground-note">
        Each picture below is the output of a graph with one Conv2D layer (1 filter, 3x3, 'same' zero padding, no bias)
        whose weights are the kernel shown, run by the same runtime as your models.
      </p>
      <div className="run-row">
        <label>
          Picture{' '}
          <select value={source} onChange={(e) => setSource(e.target.value as typeof source)} aria-label="playground picture">
            {TEST_PICTURES.map((t) => <option key={t} value={t}>{t}</option>)}
            <option value="run" disabled={!runPicture}>the Run panel's input</option>
            <option value="upload" disabled={!uploaded}>uploaded picture</option>
          </select>
        </label>
        <input type="file" accept="image/*" aria-label="upload a picture for the playground" onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (!file) return;
          const r = await decodeImageFile(file, file.name);
          if (!r.ok) { setUploadError(r.error); return; }
          setUploadError(null);
          setUploaded(r.value);
          setSource('upload');
        }} />
        <label><input type="checkbox" checked={normalise} onChange={(e) => setNormalise(e.target.checked)} /> normalise to 0..1 (min-max)</label>
      </div>
      {uploadError && <p className="run-error" role="alert">{uploadError}</p>}
      {gray && (
        <>
          <div className="playground-grid">
            <figure className="playground-cell">
              <PicturePreview picture={shownOriginal ?? gray} size={SIDE} label="original" />
              <figcaption><b>Original</b> (grayscale{normalise ? ', min-max normalised like every output' : ', raw like every output'})</figcaption>
            </figure>
            {CLASSIC_KERNELS.filter((k) => k.id !== 'sobel-x').map((k) => (
              <FilteredCell key={k.id} image={gray} kernel={k.kernel} title={k.label} note={k.note} normalise={normalise} />
            ))}
            <div className="playground-cell">
              <FilteredCell image={gray} kernel={custom} title="Custom" note="type any 3x3 kernel" normalise={normalise} />
              <KernelEditor kernel={custom} onChange={setCustom} />
            </div>
          </div>
          <h3 className="run-subtitle">Convolution or cross-correlation?</h3>
          <p className="playground-note">
            A Conv2D layer (like tf.nn.conv2d) slides the kernel as it is: out(y, x) = Σ k(i, j) · in(y + i, x + j), a
            cross-correlation. The textbook convolution turns the kernel by 180° first: Σ k(i, j) · in(y − i, x − j). For a
            kernel that looks the same turned around (all the kernels above, including the first edge detector) the two agree.
            Sobel x does not: turned around it is its own negative, so convolution gives the opposite sign — a dark-to-bright
            edge that is white in one is black in the other. Since a network learns its kernels, it does not matter which one a
            framework computes; it matters when you copy a kernel from a textbook.
          </p>
          <div className="playground-grid">
            <FilteredCell image={gray} kernel={SOBEL_X} title="Sobel x, cross-correlation (Conv2D)" note="" normalise={normalise} />
            <FilteredCell image={gray} kernel={flipKernel(SOBEL_X)} title="Sobel x, convolution (flipped kernel)" note="" normalise={normalise} />
          </div>
        </>
      )}
      {!gray && <p className="run-muted">Pick a picture.</p>}
    </section>
  );
}

function FilteredCell({ image, kernel, title, note, normalise }: { image: Picture; kernel: Kernel3; title: string; note: string; normalise: boolean }) {
  const result = useMemo(() => applyKernel(image.data, image.height, image.width, kernel), [image, kernel]);
  if (!result.ok) return <div className="playground-cell run-error">{title}: {result.error.message}</div>;
  const stats = computeStats(result.data);
  const shown = normalise ? normaliseMinMax(result.data) : result.data;
  const picture: Picture = { width: image.width, height: image.height, channels: 1, data: shown };
  return (
    <figure className="playground-cell" data-testid={`playground-${title}`}>
      <PicturePreview picture={picture} size={SIDE} label={title} />
      <figcaption>
        <b>{title}</b> <KernelText kernel={kernel} />
        <div className="run-muted">{note}{note && ' · '}raw range {stats.min.toFixed(2)} … {stats.max.toFixed(2)}</div>
      </figcaption>
    </figure>
  );
}

function KernelText({ kernel }: { kernel: Kernel3 }) {
  const f = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));
  return <code className="run-muted">[{kernel.map((r) => `[${r.map(f).join(', ')}]`).join(', ')}]</code>;
}

function KernelEditor({ kernel, onChange }: { kernel: Kernel3; onChange: (k: Kernel3) => void }) {
  // Per cell, why its text is not used; the kernel keeps the cell's last good value meanwhile.
  const [problems, setProblems] = useState<Record<string, string>>({});
  const shown = Object.values(problems);
  const message = useRef<HTMLParagraphElement>(null);
  // The cell may sit at the bottom of the dialog: bring the message into sight when it appears.
  const hasProblems = shown.length > 0;
  useEffect(() => {
    if (hasProblems) message.current?.scrollIntoView({ block: 'nearest' });
  }, [hasProblems]);
  return (
    <>
      <div className="playground-kernel" aria-label="custom kernel">
        {kernel.map((row, r) =>
          row.map((v, c) => (
            // Text, not type=number: a number box reports letters as '' and would hide what was typed.
            <input key={`${r}-${c}`} type="text" inputMode="decimal" defaultValue={v} aria-label={`custom kernel row ${r + 1} column ${c + 1}`}
              aria-invalid={problems[`${r}-${c}`] ? true : undefined}
              aria-describedby={problems[`${r}-${c}`] ? 'custom-kernel-error' : undefined}
              onChange={(e) => {
                const read = readKernelEntry(e.target.value, r + 1, c + 1);
                setProblems(({ [`${r}-${c}`]: _old, ...rest }) => (read.ok ? rest : { ...rest, [`${r}-${c}`]: read.message }));
                if (!read.ok) return;
                const next = kernel.map((rr) => [...rr]) as unknown as number[][];
                next[r][c] = read.value;
                onChange(next as unknown as Kernel3);
              }} />
          )),
        )}
      </div>
      {shown.length > 0 && (
        <p className="run-error" role="alert" id="custom-kernel-error" data-testid="custom-kernel-error" ref={message}>
          {shown.join('; ')}. The picture uses the last numbers that worked.
        </p>
      )}
    </>
  );
}
