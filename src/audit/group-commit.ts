interface Waiting<P> {
  items: P[];
  /** Settles the caller once (by the commit, or by its timeout, whichever comes first). */
  done(err?: unknown): void;
}

/**
 * Group commit: what callers submit while a commit is running, or within the same turn of the
 * event loop, is committed together (one transaction, one fsync). Each caller waits at most
 * `timeoutMs`: a stuck store (a lock held elsewhere, a stalled disk) fails the call then; items not
 * yet taken into a commit leave with it, items already in one stay there.
 */
export class GroupCommit<P> {
  private waiting: Waiting<P>[] = [];
  private flushing = false;
  private scheduled = false;

  constructor(
    private readonly commitBatch: (items: P[]) => Promise<void>,
    private readonly timeoutMs: number,
    private readonly maxBatch = 512,
  ) {}

  /** True when nothing is queued or being committed. */
  get idle(): boolean {
    return !this.flushing && !this.scheduled && this.waiting.length === 0;
  }

  submit(items: P[]): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const w: Waiting<P> = {
        items,
        done: (err) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (err === undefined) resolve();
          else reject(err);
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(w);
        if (i >= 0) this.waiting.splice(i, 1);
        w.done(new Error(`the audit store did not take the event within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting.push(w);
      if (!this.flushing && !this.scheduled) {
        this.scheduled = true;
        // Wait for the calls already in this turn of the event loop, so they share the commit.
        setImmediate(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          await this.commitBatch(batch.flatMap((w) => w.items));
          for (const w of batch) w.done();
        } catch (err) {
          for (const w of batch) w.done(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
