/** A file of a dropped or picked folder with its path inside it ("digits/3/a.png"). */
export interface FolderFile { file: File; path: string }

/** What was dropped on the Train panel: a folder's files, an .npz, or neither. */
export type DroppedData = { kind: 'folder'; files: FolderFile[] } | { kind: 'npz'; file: File } | { kind: 'other'; name: string };

/** Reads a drop: a folder (walked through its subfolders), else the first file. */
export async function readDrop(transfer: DataTransfer): Promise<DroppedData | null> {
  const entry = [...transfer.items].map((i) => i.webkitGetAsEntry?.()).find((e) => e?.isDirectory);
  if (entry) return { kind: 'folder', files: await walk(entry as FileSystemDirectoryEntry, entry.name) };
  const file = transfer.files[0];
  if (!file) return null;
  return /\.npz$/i.test(file.name) ? { kind: 'npz', file } : { kind: 'other', name: file.name };
}

async function walk(dir: FileSystemDirectoryEntry, path: string): Promise<FolderFile[]> {
  const reader = dir.createReader();
  const entries: FileSystemEntry[] = [];
  // readEntries gives at most 100 at a time in Chromium: read until it gives none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    entries.push(...batch);
  }
  const out: FolderFile[] = [];
  for (const e of entries) {
    if (e.isDirectory) out.push(...(await walk(e as FileSystemDirectoryEntry, `${path}/${e.name}`)));
    else out.push({ file: await new Promise<File>((resolve, reject) => (e as FileSystemFileEntry).file(resolve, reject)), path: `${path}/${e.name}` });
  }
  return out;
}
