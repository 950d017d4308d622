import { describe, expect, it } from 'vitest';
import { readDrop } from '../../../src/ui/train/droppedData';

/** A directory entry as Chromium gives it: readEntries hands out at most 100 entries per call. */
function dir(name: string, children: unknown[]): unknown {
  return {
    name, isDirectory: true, isFile: false,
    createReader() {
      let at = 0;
      return { readEntries(ok: (e: unknown[]) => void) { const batch = children.slice(at, at + 100); at += batch.length; ok(batch); } };
    },
  };
}
function file(name: string) {
  return { name, isDirectory: false, isFile: true, file(ok: (f: File) => void) { ok(new File([name], name)); } };
}
const transfer = (entries: unknown[], files: File[] = []) => ({ items: entries.map((e) => ({ webkitGetAsEntry: () => e })), files }) as unknown as DataTransfer;

describe('a drop on the Train panel', () => {
  it('walks a dropped folder through its class subfolders, past readEntries\' 100 at a time, with each path', async () => {
    const many = Array.from({ length: 230 }, (_, i) => file(`${i}.png`));
    const r = await readDrop(transfer([dir('pets', [dir('cat', many), dir('dog', [file('a.png'), dir('puppies', [file('b.png')])]), file('notes.txt')])]));
    expect(r?.kind).toBe('folder');
    if (r?.kind !== 'folder') return;
    expect(r.files).toHaveLength(233);
    expect(r.files.filter((f) => f.path.startsWith('pets/cat/'))).toHaveLength(230);
    expect(r.files.slice(230).map((f) => f.path)).toEqual(['pets/dog/a.png', 'pets/dog/puppies/b.png', 'pets/notes.txt']);
    expect(r.files[0].file.name).toBe('0.png');
  });

  it('takes a dropped .npz as one, and names anything else', async () => {
    const npz = new File(['x'], 'Data.NPZ');
    expect(await readDrop(transfer([file('Data.NPZ')], [npz]))).toEqual({ kind: 'npz', file: npz });
    expect(await readDrop(transfer([file('model.onnx')], [new File(['x'], 'model.onnx')]))).toEqual({ kind: 'other', name: 'model.onnx' });
    expect(await readDrop(transfer([]))).toBeNull();
  });
});
