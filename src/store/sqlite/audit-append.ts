import { Worker } from 'node:worker_threads';
import type { AuditRow } from '../audit-port.js';

/**
 * Appends audit rows from a worker thread with its own SQLite connection (started on first use).
 * better-sqlite3 is synchronous: committing on the main thread would stop the process for every
 * fsync, so the events of reads could never gather into large group commits. Here the main thread
 * goes on serving while a batch commits, and the next batch gathers meanwhile.
 */
export class SqliteAuditAppender {
  private worker: Worker | undefined;
  private next = 1;
  private readonly waiting = new Map<number, { resolve(): void; reject(err: Error): void }>();

  constructor(private readonly file: string) {}

  append(rows: AuditRow[]): Promise<void> {
    const w = this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.postMessage({ id, rows });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
    this.fail(new Error('the store is closed'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./audit-append-worker.js', import.meta.url), { workerData: { file: this.file } });
    w.unref();
    w.on('message', (m: { id: number; error?: string }) => {
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error === undefined) p?.resolve();
      else p?.reject(new Error(`appending audit records failed: ${m.error}`));
    });
    w.on('error', (err) => {
      this.worker = undefined;
      this.fail(err);
    });
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
      this.fail(new Error('the audit append thread exited'));
    });
    this.worker = w;
    return w;
  }

  private fail(err: Error): void {
    for (const p of this.waiting.values()) p.reject(err);
    this.waiting.clear();
  }
}
