import type { GraphDocument } from '../core/graph/types';
import type { SaveFailure } from './library';

/** What the save indicator shows. */
export type SaveStatus =
  | { state: 'saved'; at: number | null }
  | { state: 'pending' } // edits waiting for the quiet period
  | { state: 'saving' }
  | { state: 'error'; failure: SaveFailure }; // not saved, and why

/** The writer the controller calls; it owns the revision check. */
export type SaveFn = (doc: GraphDocument) => Promise<{ ok: true } | { ok: false; error: SaveFailure }>;

/** Injected timers and clock so tests can drive time; the browser's by default. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface AutosaveOptions {
  save: SaveFn;
  /** Called after a successful write at most every `snapshotEveryMs` of editing. */
  snapshot?: (doc: GraphDocument) => Promise<unknown>;
  debounceMs?: number;
  maxWaitMs?: number;
  snapshotEveryMs?: number;
  clock?: Clock;
}

/**
 * Saves a document 300 ms after the last edit, and at least every 2 s while edits keep coming
 * (max-wait), one write at a time (an edit during a write is saved right after it). A conflict
 * or a closed database stops all writing until `resume`; quota and other failures are shown and
 * retried on the next edit. Framework-free; `useAutosave` wires it to React and the page lifecycle.
 */
export class AutosaveController {
  private status: SaveStatus = { state: 'saved', at: null };
  private readonly listeners = new Set<(s: SaveStatus) => void>();
  private latest: GraphDocument | null = null;
  private dirty = false;
  private firstDirtyAt = 0;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private lastSnapshotAt: number;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly snapshotEveryMs: number;
  private readonly clock: Clock;

  constructor(private readonly options: AutosaveOptions) {
    this.debounceMs = options.debounceMs ?? 300;
    this.maxWaitMs = options.maxWaitMs ?? 2000;
    this.snapshotEveryMs = options.snapshotEveryMs ?? 3 * 60_000;
    this.clock = options.clock ?? realClock;
    this.lastSnapshotAt = this.clock.now();
  }

  /** The current status. */
  getStatus(): SaveStatus {
    return this.status;
  }

  /** Calls `listener` on every status change; returns the unsubscribe. */
  subscribe(listener: (s: SaveStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** True while there are edits not yet written. */
  hasUnsavedChanges(): boolean {
    return this.dirty || this.inFlight !== null;
  }

  /** The newest document not yet known to be written, or null when everything is saved. */
  unsavedDocument(): GraphDocument | null {
    return this.hasUnsavedChanges() ? this.latest : null;
  }

  /** Records an edit: the document to save next. */
  markChanged(doc: GraphDocument): void {
    this.latest = doc;
    if (this.stopped) return;
    const now = this.clock.now();
    if (!this.dirty) { this.dirty = true; this.firstDirtyAt = now; }
    // Already pending (a drag marks every frame): telling the listeners again would only re-render.
    if (this.status.state !== 'saving' && this.status.state !== 'pending') this.setStatus({ state: 'pending' });
    this.schedule(now);
  }

  private schedule(now: number): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    const untilMax = this.firstDirtyAt + this.maxWaitMs - now;
    const wait = Math.max(0, Math.min(this.debounceMs, untilMax));
    this.timer = this.clock.setTimeout(() => { this.timer = null; void this.flush(); }, wait);
  }

  /** Writes pending edits now (Ctrl/Cmd+S, pagehide, hidden tab). Resolves when they are written or refused. */
  async flush(): Promise<void> {
    if (this.timer !== null) { this.clock.clearTimeout(this.timer); this.timer = null; }
    while (this.inFlight) await this.inFlight;
    if (!this.dirty || this.stopped || !this.latest) return;
    const doc = this.latest;
    this.dirty = false;
    this.setStatus({ state: 'saving' });
    this.inFlight = this.write(doc);
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
    // Edits made during the write: save them on the usual schedule.
    if (this.dirty && !this.stopped) this.schedule(this.clock.now());
  }

  private async write(doc: GraphDocument): Promise<void> {
    let result: Awaited<ReturnType<SaveFn>>;
    try {
      result = await this.options.save(doc);
    } catch (err) {
      result = { ok: false, error: { code: 'write-failed', message: `Saving failed: ${err instanceof Error ? err.message : String(err)}` } };
    }
    if (!result.ok) {
      // Keep the edits marked unsaved so a later edit (or resume) retries them.
      this.dirty = true;
      if (result.error.code === 'conflict' || result.error.code === 'closed' || result.error.code === 'missing') this.stopped = true;
      this.setStatus({ state: 'error', failure: result.error });
      return;
    }
    const now = this.clock.now();
    if (this.options.snapshot && now - this.lastSnapshotAt >= this.snapshotEveryMs) {
      this.lastSnapshotAt = now;
      await this.options.snapshot(doc).catch(() => undefined);
    }
    this.setStatus(this.dirty ? { state: 'pending' } : { state: 'saved', at: now });
  }

  /** After a conflict was settled (e.g. kept as a copy, with a new save function): write again. */
  resume(save?: SaveFn): void {
    if (save) (this.options as { save: SaveFn }).save = save;
    this.stopped = false;
    if (this.dirty && this.latest) this.schedule(this.clock.now());
    else this.setStatus({ state: 'saved', at: null });
  }

  /** Stops all writing for good (another document was opened, the tab is closing). */
  dispose(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.stopped = true;
    this.listeners.clear();
  }

  private setStatus(s: SaveStatus): void {
    this.status = s;
    for (const l of this.listeners) l(s);
  }
}
