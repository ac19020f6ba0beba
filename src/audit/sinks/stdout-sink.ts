import type { StreamSink } from './stream-sink.js';

/**
 * JSON lines on standard output, beside the log lines (each record line is a JSON object with
 * `v`, `writer`, `seq`, `kind`, so a shipper can tell them apart). A write counts once the stream
 * has taken it; whether that is durable is up to whatever reads stdout.
 */
export class StdoutSink implements StreamSink {
  readonly name = 'stdout' as const;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  write(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.out.write(text, (err) => (err ? reject(err) : resolve()));
    });
  }

  async restart(): Promise<void> {}

  async close(): Promise<void> {}
}
