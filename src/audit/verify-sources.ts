import fs from 'node:fs';
import readline from 'node:readline';
import type { AuditAnchor, Store } from '../store/index.js';
import { canonicalJson } from './canonical-json.js';
import { isWitness, type Witness } from './digest.js';
import { manifestProblem, type ExportManifest } from './export.js';
import { headVerifies, type HeadFile } from './head-files.js';
import { AuditVerifier, type VerifyOptions } from './verifier.js';
import type { VerifyReport } from './verify-report.js';

const PAGE = 2000;

/** Verifies the trail in the store, over one consistent snapshot. */
export async function verifyStore(store: Store, o: VerifyOptions, now: number, heads: HeadFile[] = []): Promise<VerifyReport> {
  const v = new AuditVerifier(o);
  for (const h of heads) v.addWitness(h, `head file audit-heads/${h.writer}.json`, h.time);
  await store.read(async (tx) => {
    for (const a of await tx.audit.anchors()) v.addAnchor(a, `anchor of writer ${a.writerId}`);
    let after = 0;
    for (;;) {
      const rows = await tx.audit.scan(after, PAGE);
      if (rows.length === 0) break;
      for (const r of rows) v.addRecord({ where: `row ${r.pos}`, text: r.body, hash: r.hash, row: r });
      after = rows[rows.length - 1]!.pos!;
    }
  });
  return v.finish((w, s) => store.read((tx) => tx.audit.hashOf(w, s)), now);
}

async function* lines(file: string): AsyncGenerator<{ n: number; text: string }> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) {
    n++;
    if (text.trim() !== '') yield { n, text };
  }
}

/**
 * Verifies JSON-lines files offline (an export, or a file sink's files in order) with nothing but
 * the public key. An export must end with its signed manifest, which names each chain's last
 * record: a file cut short anywhere, even after the last digest, fails.
 */
export async function verifyFiles(files: string[], o: VerifyOptions & { now?: number }): Promise<VerifyReport> {
  let manifest: { m: ExportManifest; where: string } | undefined;
  let isExport = false;
  let lastTime = 0;
  const v = new AuditVerifier(o);
  const extra: string[] = [];
  for (const file of files) {
    for await (const { n, text } of lines(file)) {
      const where = files.length > 1 ? `${file} line ${n}` : `line ${n}`;
      let obj: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) obj = parsed as Record<string, unknown>;
      } catch {
        // reported below as unreadable
      }
      if (manifest) extra.push(`${where} follows the export's manifest (appended)`);
      if (!obj) v.addRecord({ where, text: '', hash: '' });
      else if (obj.kind === 'export') isExport = true;
      else if (obj.kind === 'head') {
        const h = obj as unknown as HeadFile;
        if (headVerifies(h, o.key)) v.addWitness(h, where, h.time);
        else extra.push(`${where}: a head that is not signed by the verifying key`);
      }
      else if (obj.kind === 'anchor') {
        const { kind: _k, ...a } = obj;
        v.addAnchor(a as unknown as AuditAnchor, where);
      } else if (obj.kind === 'manifest') manifest = { m: obj as unknown as ExportManifest, where };
      else {
        const { hash, ...record } = obj;
        let recordText = '';
        try {
          recordText = canonicalJson(record);
        } catch {
          // left empty: reported as unreadable
        }
        if (typeof record.time === 'number') lastTime = Math.max(lastTime, record.time);
        v.addRecord({ where, text: recordText, hash: String(hash) });
      }
    }
  }
  const needed = v.witnessedKeys();
  const hashes = new Map<string, string>();
  if (needed.size > 0) {
    for (const file of files) {
      for await (const { text } of lines(file)) {
        try {
          const r = JSON.parse(text) as { writer?: unknown; seq?: unknown; hash?: unknown };
          const k = `${String(r.writer)}#${String(r.seq)}`;
          if (needed.has(k) && typeof r.hash === 'string') hashes.set(k, r.hash);
        } catch {
          // reported in the first pass
        }
      }
    }
  }
  let heads: { heads: Witness[]; where: string } | undefined;
  if (manifest) {
    const problem = manifestProblem(manifest.m, o.key);
    if (problem) extra.push(`${manifest.where}: ${problem}`);
    else heads = { heads: manifest.m.heads.filter(isWitness), where: manifest.where };
  } else if (isExport) extra.push('the export has no manifest: it was truncated');
  const now = o.now ?? (manifest && typeof manifest.m.exportedAt === 'number' ? manifest.m.exportedAt : lastTime);
  const report = await v.finish(async (w, s) => hashes.get(`${w}#${s}`), now, heads);
  for (const message of extra) report.failures.push({ index: Number.MAX_SAFE_INTEGER, where: 'end of file', message });
  report.ok = report.failures.length === 0;
  return report;
}
