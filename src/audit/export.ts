import fs from 'node:fs';
import { once } from 'node:events';
import type { Store } from '../store/index.js';
import { canonicalJson } from './canonical-json.js';
import type { Witness } from './digest.js';
import type { HeadFile } from './head-files.js';
import type { AuditSigner, AuditVerifyKey } from './signer.js';

export const EXPORT_FORMAT = 'coffer-audit-export';

/**
 * The last line of an export, signed with the audit key: the time of the export, the last record
 * of every chain and the counts. With it an export cut short anywhere (even after the last digest
 * of a chain) or extended afterwards fails verification.
 */
export interface ExportManifest {
  kind: 'manifest';
  exportedAt: number;
  heads: Witness[];
  records: number;
  anchors: number;
  keyId: string;
  signature: string;
}

function manifestText(m: Omit<ExportManifest, 'signature'>): string {
  const { kind, exportedAt, heads, records, anchors, keyId } = m;
  return canonicalJson({ kind, exportedAt, heads, records, anchors, keyId });
}

export function manifestProblem(m: ExportManifest, key: AuditVerifyKey): string | undefined {
  if (!Array.isArray(m.heads) || typeof m.exportedAt !== 'number') return 'the manifest is malformed';
  if (m.keyId !== key.keyId) return `the manifest is signed by key ${String(m.keyId)}, not by the verifying key ${key.keyId}`;
  if (typeof m.signature !== 'string' || !key.verify(manifestText(m), m.signature)) return 'the manifest signature does not verify';
  return undefined;
}

/**
 * Writes the whole trail of the store (one consistent snapshot) as JSON lines: a header, the
 * signed head files, the pruning anchors, every record in store order (the record's members plus its hash, exactly as a
 * file sink writes them), and the signed manifest. Everything verification needs but the public key.
 */
export async function exportAuditTrail(
  store: Store,
  signer: AuditSigner,
  file: string,
  now: number,
  headFiles: HeadFile[] = [],
): Promise<{ records: number; anchors: number }> {
  const out = fs.createWriteStream(file, { mode: 0o600, flags: 'w' });
  const write = async (obj: unknown): Promise<void> => {
    if (!out.write(canonicalJson(obj) + '\n')) await once(out, 'drain');
  };
  const heads = new Map<string, Witness>();
  let records = 0;
  let anchors = 0;
  try {
    await write({ kind: 'export', format: EXPORT_FORMAT, version: 1, exportedAt: now, keyId: signer.keyId });
    for (const h of headFiles) await write({ kind: 'head', ...h });
    await store.read(async (tx) => {
      for (const a of await tx.audit.anchors()) {
        await write({ kind: 'anchor', ...a });
        anchors++;
      }
      let after = 0;
      for (;;) {
        const rows = await tx.audit.scan(after, 2000);
        if (rows.length === 0) break;
        for (const r of rows) {
          await write({ ...(JSON.parse(r.body) as Record<string, unknown>), hash: r.hash });
          heads.set(r.writerId, { writer: r.writerId, seq: r.seq, hash: r.hash });
          records++;
        }
        after = rows[rows.length - 1]!.pos!;
      }
    });
    const m: Omit<ExportManifest, 'signature'> = { kind: 'manifest', exportedAt: now, heads: [...heads.values()], records, anchors, keyId: signer.keyId };
    await write({ ...m, signature: signer.sign(manifestText(m)) });
    out.end();
    await once(out, 'finish');
    const fd = fs.openSync(file, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    out.destroy();
    throw err;
  }
  return { records, anchors };
}
