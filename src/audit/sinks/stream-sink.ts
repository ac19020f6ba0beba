/**
 * An append-only destination for audit records besides the store: a JSON-lines file or stdout.
 * Each line is one record (see audit-record.ts `recordLine`).
 */
export interface StreamSink {
  readonly name: 'file' | 'stdout';
  /** Writes the text (whole lines) and resolves once it is durable (a file: written and fsync'd). */
  write(text: string): Promise<void>;
  /**
   * After a write that may have half-landed (it timed out or failed), start afresh where possible
   * (a file rotates), so a record the trail then writes again under the same number is not mixed
   * with the abandoned one.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}
