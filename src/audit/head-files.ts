import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from './canonical-json.js';
import { isWitness, type Witness } from './digest.js';
import type { AuditSigner, AuditVerifyKey } from './signer.js';

/** The folder of the data directory the head files live in. */
export const AUDIT_HEAD_DIR = 'audit-heads';

/** A writer's last digest, signed, kept in a file beside the store. */
export interface HeadFile extends Witness {
  time: number;
  keyId: string;
  signature: string;
}

function headText(h: Omit<HeadFile, 'signature'>): string {
  return canonicalJson({ writer: h.writer, seq: h.seq, hash: h.hash, time: h.time, keyId: h.keyId });
}

/** True when `h` is a head file signed by `key`. */
export function headVerifies(h: HeadFile, key: AuditVerifyKey): boolean {
  return isWitness(h) && Number.isSafeInteger(h.time) && typeof h.signature === 'string' && key.verify(headText(h), h.signature);
}

/**
 * One small signed file per writer (`<data dir>/audit-heads/<writer>.json`) naming its latest
 * digest, rewritten at every digest. The store alone cannot show that its newest records were cut
 * off after the last digest (nothing later refers to them); these files can, and a later start
 * witnesses them into the chain. Someone who can delete both the records and these files is not
 * caught by them: ship a file sink or exports elsewhere for that.
 */
export class HeadFiles {
  constructor(readonly dir: string) {}

  /** Atomically replaces the writer's head file (written, fsync'd, renamed). */
  write(w: Witness & { time: number }, signer: AuditSigner): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const base = { writer: w.writer, seq: w.seq, hash: w.hash, time: w.time, keyId: signer.keyId };
    const text = canonicalJson({ ...base, signature: signer.sign(headText(base)) }) + '\n';
    const file = path.join(this.dir, `${w.writer}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  }

  /** Every head file that parses and is signed by `key`; others are listed as problems. */
  readAll(key: AuditVerifyKey): { heads: HeadFile[]; problems: string[] } {
    const heads: HeadFile[] = [];
    const problems: string[] = [];
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir).filter((n) => /^[0-9a-f]{16,64}\.json$/.test(n));
    } catch {
      return { heads, problems };
    }
    for (const n of names) {
      try {
        const h = JSON.parse(fs.readFileSync(path.join(this.dir, n), 'utf8')) as HeadFile;
        if (`${h.writer}.json` !== n || !headVerifies(h, key)) {
          problems.push(`audit-heads/${n} is not signed by the verifying key`);
        } else heads.push(h);
      } catch {
        problems.push(`audit-heads/${n} is unreadable`);
      }
    }
    return { heads, problems };
  }

  remove(writer: string): void {
    fs.rmSync(path.join(this.dir, `${writer}.json`), { force: true });
  }
}
