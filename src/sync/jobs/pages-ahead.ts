import type { Cursor } from '../../../connectors/sdk/types';

/** A page of an incremental pull: its items, the cursor after it, and whether the pull caught up. */
export interface PulledPage {
  nextCursor: Cursor;
  done: boolean;
}

/**
 * Reads the pages of an incremental pull up to `depth` ahead of the consumer. The fetches chain
 * on one another, not on the imports: under a marketplace's call limit the pull then takes as
 * long as its calls, even when importing a page takes about as long as a call's interval (with
 * one page ahead, every slow import pushed the next call back). Only the consumer saves
 * cursors, so pages read ahead and never consumed (a crash, a hand-over) are read again by the
 * next job. A failed fetch surfaces when the consumer reaches it, after the pages before it.
 */
export class PagesAhead<P extends PulledPage> {
  private readonly queue: Promise<P>[] = [];
  private wake: (() => void) | null = null;
  private finished = false;
  private stopped = false;

  constructor(
    private readonly fetch: (cursor: Cursor | null) => Promise<P>,
    first: Cursor | null,
    private readonly depth = 3,
  ) {
    void this.produce(first);
  }

  /** The next page in order; rejects with the fetch's error. Never called after a page with `done`. */
  next(): Promise<P> {
    const p = this.queue.shift();
    if (!p) throw new Error('PagesAhead.next() called past the last page');
    this.wake?.();
    return p;
  }

  /** Stops reading ahead (the consumer hands over or gives up); pages in flight are dropped. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async produce(cursor: Cursor | null): Promise<void> {
    let at = cursor;
    while (!this.stopped && !this.finished) {
      if (this.queue.length >= this.depth) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      const p = this.fetch(at);
      p.catch(() => undefined); // the consumer sees the rejection; this keeps an abandoned one quiet
      this.queue.push(p);
      try {
        const page = await p;
        if (page.done) this.finished = true;
        at = page.nextCursor;
      } catch {
        this.finished = true; // nothing after a failed page can be read: its cursor is unknown
      }
    }
  }
}
