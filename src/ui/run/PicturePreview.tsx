import { useEffect, useRef } from 'react';
import { pictureToRgba, type Picture } from '../../core/imaging/picture';

/** Shows a picture (0..1 values) on a canvas at `size` CSS pixels, pixelated when enlarged. */
export function PicturePreview({ picture, size = 84, label }: { picture: Picture; size?: number; label?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    canvas.width = picture.width;
    canvas.height = picture.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(picture.width, picture.height);
    image.data.set(pictureToRgba(picture));
    ctx.putImageData(image, 0, 0);
  }, [picture]);
  const aspect = picture.height / picture.width;
  return <canvas ref={ref} className="picture-preview" style={{ width: size, height: size * aspect }} aria-label={label ?? 'input picture'} />;
}
