import { useEffect, useRef } from 'react';
import { centreDigit } from '../../core/imaging/centreDigit';
import type { Picture } from '../../core/imaging/picture';
import { pictureFromCanvas } from './inputSources';

const SIZE = 224;
const STROKE = 16;

/**
 * A pad to draw a digit with a mouse, pen or finger (pointer events): white strokes on black.
 * Each finished stroke is turned into an MNIST-style 28x28 digit (centreDigit) and handed to
 * `onDigit`.
 */
export function DrawingPad({ onDigit }: { onDigit: (digit: Picture) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => clear(), []);

  function clear() {
    const ctx = ref.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, SIZE, SIZE);
  }

  function point(e: React.PointerEvent<HTMLCanvasElement>) {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) / rect.width) * SIZE, y: ((e.clientY - rect.top) / rect.height) * SIZE };
  }

  function line(to: { x: number; y: number }) {
    const ctx = ref.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    const from = last.current ?? to;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = STROKE;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + 0.01, to.y);
    ctx.stroke();
    last.current = to;
  }

  return (
    <div className="drawing-pad">
      <canvas
        ref={ref}
        width={SIZE}
        height={SIZE}
        data-testid="drawing-pad"
        aria-label="drawing pad: draw a digit"
        style={{ touchAction: 'none' }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          last.current = null;
          line(point(e));
        }}
        onPointerMove={(e) => {
          if (last.current) line(point(e));
        }}
        onPointerUp={() => {
          last.current = null;
          if (ref.current) onDigit(centreDigit(pictureFromCanvas(ref.current)));
        }}
        onPointerCancel={() => { last.current = null; }}
      />
      <button type="button" onClick={() => { clear(); if (ref.current) onDigit(centreDigit(pictureFromCanvas(ref.current))); }}>Clear</button>
    </div>
  );
}
