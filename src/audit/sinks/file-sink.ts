import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { StreamSink } from './stream-sink.js';

/**
 * JSON lines appended to a file (mode 0600, created with its directory), each write fsync'd before
 * it counts. When the file would grow past `maxBytes` it is renamed to `<file>.<UTC time>` and a new
 * one started, so a rotated file holds whole records only. Something that is not a regular file
 * (a FIFO, a character device) is written to but never rotated or fsync'd.
 *
 * The file is opened non-blocking: a FIFO nobody reads fails to open (ENXIO) and a full one answers
 * EAGAIN, which is retried without holding a thread of libuv's pool. (A blocked pool thread would
 * not only starve other file work, it would also keep the process from exiting.)
 */
export class FileSink implements StreamSink {
  readonly name = 'file' as const;
  private handle: fsp.FileHandle | undefined;
  private size = 0;
  private regular = true;
  private closed = false;

  constructor(
    readonly file: string,
    private readonly maxBytes: number,
  ) {}

  async write(text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    if (!this.handle) await this.open();
    if (this.regular && this.size > 0 && this.size + bytes.length > this.maxBytes) await this.rotate();
    const h = this.handle!;
    let off = 0;
    while (off < bytes.length) {
      if (this.closed) throw new Error('the audit file sink is closed');
      try {
        const { bytesWritten } = await h.write(bytes, off, bytes.length - off);
        off += bytesWritten;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') await this.release(); // the reader went away: reopen next time
        if (code !== 'EAGAIN') throw e;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    if (this.regular) await h.datasync();
    this.size += bytes.length;
  }

  async restart(): Promise<void> {
    // A FIFO stays open: closing it would end the reader's stream (EOF), and it cannot rotate.
    if (this.handle && this.regular) await this.rotate();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.release();
  }

  private async release(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
  }

  private async open(): Promise<void> {
    await fsp.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const { O_WRONLY, O_APPEND, O_CREAT, O_NONBLOCK } = fs.constants;
    const h = await fsp.open(this.file, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK, 0o600);
    const st = await h.stat();
    this.regular = st.isFile();
    this.size = this.regular ? st.size : 0;
    this.handle = h;
  }

  private async rotate(): Promise<void> {
    await this.release();
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
    let target = `${this.file}.${stamp}`;
    for (let n = 1; fs.existsSync(target); n++) target = `${this.file}.${stamp}-${n}`;
    await fsp.rename(this.file, target).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await this.open();
  }
}
