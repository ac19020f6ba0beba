import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { NoDataError, withDataSession } from '../app/index.js';
import {
  AUDIT_HEAD_DIR,
  AuditSigner,
  AuditVerifyKey,
  exportAuditTrail,
  HeadFiles,
  verifyFiles,
  verifyStore,
  type VerifyReport,
} from '../audit/index.js';
import type { RootKey } from '../seal/index.js';
import { adminConfig, fail } from './admin-config.js';

const signerOf = (root: RootKey) => new AuditSigner(root.deriveKey('audit-signing'));

/** `--since`/`--until`: ISO-8601 (2025-01-31T12:00:00Z) or epoch seconds. */
function parseTime(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (!Number.isFinite(ms)) fail(`${flag} must be an ISO-8601 time or epoch seconds, not ${JSON.stringify(text)}`);
  return ms;
}

function readKey(text: string): AuditVerifyKey {
  try {
    return AuditVerifyKey.parse(fs.existsSync(text) ? fs.readFileSync(text, 'utf8') : text);
  } catch (err) {
    return fail(`--public-key: ${(err as Error).message}`);
  }
}

/** Prints the outcome and exits 0 (intact) or 1 (broken), naming the first broken record. */
function report(r: VerifyReport, json: boolean): never {
  if (json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  else if (r.ok) {
    process.stdout.write(
      `audit trail intact: ${r.records} records (${r.events} events, ${r.digests} signed digests) from ${r.writers} writers` +
        `${r.anchors ? `, ${r.anchors} pruning anchors` : ''}\n`,
    );
    for (const u of r.unsealed) {
      process.stdout.write(`note: writer ${u.writer} has ${u.records} records after its last digest (oldest ${new Date(u.oldest).toISOString()}), not signed yet\n`);
    }
  } else {
    const first = r.failures[0]!;
    process.stdout.write(`audit trail BROKEN at ${first.where}${first.record ? ` (record ${first.record})` : ''}: ${first.message}\n`);
    for (const f of r.failures.slice(1, 10)) process.stdout.write(`  also at ${f.where}: ${f.message}\n`);
    if (r.failures.length > 10) process.stdout.write(`  ... and ${r.failures.length - 10} more problems\n`);
  }
  process.exit(r.ok ? 0 : 1);
}

/** `coffer audit public-key | verify | export`. */
export function auditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('public-key')
    .description('print the Ed25519 key that verifies the audit trail (base64 of its 32 bytes)')
    .option('--pem', 'print it as an SPKI PEM block instead')
    .action(async (o: { pem?: boolean }) => {
      const config = adminConfig();
      try {
        const key = await withDataSession(config, async ({ root }) => signerOf(root).verifyKey);
        if (o.pem) {
          const { createPublicKey } = await import('node:crypto');
          const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.raw]);
          process.stdout.write(createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString());
        } else process.stdout.write(key.toText() + '\n');
      } catch (err) {
        if (err instanceof NoDataError) fail(err.message);
        throw err;
      }
    });
  audit
    .command('verify')
    .description('check the audit trail in the store (or, with --file, exported files offline); exit 1 naming the first broken record')
    .option('--since <time>', 'report only problems with records from this time (ISO-8601 or epoch seconds)')
    .option('--until <time>', 'report only problems with records up to this time')
    .option('--file <files...>', 'verify these JSON-lines files (an export, or a file sink and its rotated files, oldest first) instead of the store')
    .option('--public-key <key>', 'the verifying key as `audit public-key` prints it, or a file holding it (required with --file)')
    .option('--json', 'print the full report as JSON')
    .action(async (o: { since?: string; until?: string; file?: string[]; publicKey?: string; json?: boolean }) => {
      const since = parseTime(o.since, '--since');
      const until = parseTime(o.until, '--until');
      if (o.file) {
        if (!o.publicKey) fail('--file needs --public-key (print it with `coffer audit public-key` where the server runs)');
        for (const f of o.file) if (!fs.existsSync(f)) fail(`no such file: ${f}`);
        report(await verifyFiles(o.file, { key: readKey(o.publicKey), since, until }), o.json === true);
      }
      const config = adminConfig();
      try {
        const r = await withDataSession(config, async ({ store, root }) => {
          const key = o.publicKey ? readKey(o.publicKey) : signerOf(root).verifyKey;
          const heads = new HeadFiles(path.join(config.dataDir, AUDIT_HEAD_DIR)).readAll(key);
          const result = await verifyStore(store, { key, since, until }, Date.now(), heads.heads);
          for (const p of heads.problems) result.failures.push({ index: Number.MAX_SAFE_INTEGER, where: AUDIT_HEAD_DIR, message: p });
          result.ok = result.failures.length === 0;
          return result;
        });
        report(r, o.json === true);
      } catch (err) {
        if (err instanceof NoDataError) fail(err.message);
        throw err;
      }
    });
  audit
    .command('export')
    .description('write the whole audit trail, with what offline verification needs but the public key, as JSON lines')
    .requiredOption('--out <file>', 'the file to write (mode 0600)')
    .action(async (o: { out: string }) => {
      const config = adminConfig();
      try {
        const n = await withDataSession(config, ({ store, root }) => {
          const signer = signerOf(root);
          const heads = new HeadFiles(path.join(config.dataDir, AUDIT_HEAD_DIR)).readAll(signer.verifyKey).heads;
          return exportAuditTrail(store, signer, o.out, Date.now(), heads);
        });
        process.stdout.write(`exported ${n.records} records and ${n.anchors} pruning anchors to ${o.out}\n`);
      } catch (err) {
        if (err instanceof NoDataError) fail(err.message);
        throw err;
      }
    });
}
