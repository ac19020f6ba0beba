import type { StreamSink } from './stream-sink.js';

export class SinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SinkError';
  }
}

interface Item {
  text: string;
  lines: number;
  /** Set for deliveries someone waits on; cleared once settled. */
  done?: (err?: Error) => void;
  abandoned?: boolean;
}

/**
 * Serialises the writes to one stream sink: at most one write is in flight (so a stuck sink ties
 * up one thread of the pool, not all of them), and what arrives meanwhile is written together by
 * the next write (group commit). `deliver` waits at most `timeoutMs`; once a write has been stuck
 * longer than that, further deliveries fail at once instead of each waiting out the timeout.
 * `enqueue` is for optional sinks: nothing waits, and past `maxQueued` lines records are dropped
 * (and counted) rather than held without bound.
 */
export class SinkQueue {
  private queue: Item[] = [];
  private queuedLines = 0;
  private inFlightSince: number | undefined;
  private needsRestart = false;
  private dropped = 0;
  private failures = 0;

  constructor(
    readonly sink: StreamSink,
    readonly required: boolean,
    private readonly timeoutMs: number,
    private readonly onProblem: (message: string, err?: unknown) => void,
    private readonly maxQueued = 100_000,
  ) {}

  get name(): string {
    return this.sink.name;
  }

  /** Writes the lines and resolves when they are durable; rejects on failure or after the timeout. */
  deliver(lines: string[]): Promise<void> {
    if (this.inFlightSince !== undefined && Date.now() - this.inFlightSince > this.timeoutMs) {
      return Promise.reject(new SinkError(`audit sink ${this.name} is stuck (a write has not finished for ${Date.now() - this.inFlightSince} ms)`));
    }
    return new Promise<void>((resolve, reject) => {
      const item: Item = { text: lines.join(''), lines: lines.length };
      const timer = setTimeout(() => {
        if (!item.done) return;
        item.done = undefined;
        item.abandoned = true;
        const i = this.queue.indexOf(item);
        if (i >= 0) {
          this.queue.splice(i, 1);
          this.queuedLines -= item.lines;
        } else this.needsRestart = true; // it is in the write that is taking too long
        reject(new SinkError(`audit sink ${this.name} did not accept the event within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      item.done = (err) => {
        clearTimeout(timer);
        item.done = undefined;
        if (err) reject(err);
        else resolve();
      };
      this.push(item);
    });
  }

  /** Hands lines over without waiting (optional sinks). */
  enqueue(lines: string[]): void {
    if (this.queuedLines + lines.length > this.maxQueued) {
      if (this.dropped === 0 || this.dropped % 1000 === 0) this.onProblem(`audit sink ${this.name} is falling behind: dropping records`);
      this.dropped += lines.length;
      return;
    }
    this.push({ text: lines.join(''), lines: lines.length });
  }

  /**
   * Records this sink accepted were then rolled back (another sink or the store failed): the next
   * write starts afresh, so the numbers the trail hands out again do not collide with them.
   */
  forgetAccepted(): void {
    this.needsRestart = true;
  }

  /** Waits up to `ms` for what is queued to be written. */
  async drain(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while ((this.queue.length > 0 || this.inFlightSince !== undefined) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private push(item: Item): void {
    this.queue.push(item);
    this.queuedLines += item.lines;
    if (this.inFlightSince === undefined) void this.pump();
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      this.queuedLines = 0;
      this.inFlightSince = Date.now();
      let err: Error | undefined;
      try {
        if (this.needsRestart) {
          this.needsRestart = false;
          await this.sink.restart();
        }
        await this.sink.write(batch.map((b) => b.text).join(''));
        if (this.failures > 0) this.onProblem(`audit sink ${this.name} recovered after ${this.failures} failed writes`);
        this.failures = 0;
      } catch (e) {
        err = e instanceof Error ? e : new Error(String(e));
        this.needsRestart = true;
        // The first failure and every hundredth after it, so a dead sink does not flood the log.
        if (this.failures++ % 100 === 0) this.onProblem(`audit sink ${this.name} failed to write (${this.failures} in a row)`, err);
      } finally {
        if (batch.some((b) => b.abandoned)) this.needsRestart = true;
        this.inFlightSince = undefined;
      }
      for (const b of batch) b.done?.(err && new SinkError(`audit sink ${this.name} failed: ${err.message}`));
    }
  }
}
