/**
 * The trail is tamper-evident: `coffer audit verify` (on the store) and `coffer audit verify --file
 * --public-key` (offline, on an export) exit 0 when intact and 1 naming the first broken record for
 * each kind of tampering: edit, delete, insert, reorder, and a tail cut off beyond the last digest.
 * Crashes, restarts and several processes on one store keep verifying without false alarms.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import { CofferServer, tempDataDir } from '../support/coffer-server.js';
import { auditRows, coffer, openDb, sleep, type AuditRowView } from '../support/audit.js';

const FAST = { COFFER_AUDIT_DIGEST_INTERVAL_SECONDS: '0.5' };
const sha = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

function copyDir(from: string): string {
  const to = tempDataDir();
  fs.cpSync(from, to, { recursive: true });
  return to;
}

async function verifyDir(dir: string, args: string[] = []) {
  return coffer(['audit', 'verify', ...args], dir);
}

/** Event rows of one writer, in chain order. */
function eventsOf(rows: AuditRowView[], writer: string): AuditRowView[] {
  return rows.filter((r) => r.writer_id === writer && r.kind === 'event');
}

describe('tampering with the store or an export is detected', () => {
  let base: string;
  let key: string;
  let exportFile: string;
  const cleanup: string[] = [];

  before(async () => {
    const server = new CofferServer({ env: FAST });
    cleanup.push(server.dataDir);
    await server.start();
    const sm = server.client();
    await sm.send(new CreateSecretCommand({ Name: 'tamper', SecretString: 'v0' }));
    for (let i = 0; i < 12; i++) {
      await sm.send(new GetSecretValueCommand({ SecretId: 'tamper' }));
      await sm.send(new PutSecretValueCommand({ SecretId: 'tamper', SecretString: `v${i + 1}` }));
    }
    await sleep(1200);
    await sm.send(new GetSecretValueCommand({ SecretId: 'tamper' }));
    await server.stop();
    base = server.dataDir;
    cleanup.push(base);
    const k = await coffer(['audit', 'public-key'], base);
    assert.equal(k.code, 0, k.stderr);
    key = k.stdout.trim();
    exportFile = path.join(base, '..', `${path.basename(base)}-export.jsonl`);
    cleanup.push(exportFile);
    const x = await coffer(['audit', 'export', '--out', exportFile], base);
    assert.equal(x.code, 0, x.stderr);
  });
  after(() => {
    for (const p of cleanup) fs.rmSync(p, { recursive: true, force: true });
  });

  /** A copy of the base data directory with `tamper` applied to its database. */
  function tampered(tamper: (db: ReturnType<typeof openDb>, rows: AuditRowView[]) => void): string {
    const dir = copyDir(base);
    cleanup.push(dir);
    const db = openDb(dir);
    try {
      tamper(db, auditRows(dir));
    } finally {
      db.close();
    }
    return dir;
  }

  function writerWithEvents(rows: AuditRowView[]): string {
    return rows.find((r) => r.kind === 'event' && eventsOf(rows, r.writer_id).length >= 6)!.writer_id;
  }

  it('an untouched store and its export verify (exit 0)', async () => {
    const r = await verifyDir(base);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /audit trail intact: \d+ records/);
    const f = await verifyDir(base, ['--file', exportFile, '--public-key', key]);
    assert.equal(f.code, 0, f.stdout + f.stderr);
  });

  it('store: an edited record', async () => {
    let victim!: AuditRowView;
    const dir = tampered((db, rows) => {
      victim = eventsOf(rows, writerWithEvents(rows))[3]!;
      db.prepare('UPDATE audit_records SET body = replace(body, ?, ?) WHERE pos = ?').run('"secretId":"tamper"', '"secretId":"innocent"', victim.pos);
    });
    const r = await verifyDir(dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`BROKEN at row ${victim.pos} \\(record ${victim.writer_id}#${victim.seq}\\).*altered`));
    // --since/--until: a window that holds the edited record reports it, one that does not, not.
    const t = victim.time / 1000;
    assert.equal((await verifyDir(dir, ['--since', String(t - 0.001), '--until', new Date(victim.time + 1).toISOString()])).code, 1);
    assert.equal((await verifyDir(dir, ['--since', String(t + 0.001)])).code, 0);
    assert.equal((await verifyDir(dir, ['--until', String(t - 0.001)])).code, 0);
  });

  it('store: an edited record whose hash was recomputed too', async () => {
    let victim!: AuditRowView;
    const dir = tampered((db, rows) => {
      victim = eventsOf(rows, writerWithEvents(rows))[3]!;
      const body = victim.body.replace('"secretId":"tamper"', '"secretId":"innocent"');
      db.prepare('UPDATE audit_records SET body = ?, hash = ? WHERE pos = ?').run(body, sha(body), victim.pos);
    });
    const r = await verifyDir(dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`BROKEN at row \\d+ \\(record ${victim.writer_id}#${victim.seq}\\).*does not link`));
  });

  it('store: a deleted record', async () => {
    let victim!: AuditRowView;
    const dir = tampered((db, rows) => {
      victim = eventsOf(rows, writerWithEvents(rows))[2]!;
      db.prepare('DELETE FROM audit_records WHERE pos = ?').run(victim.pos);
    });
    const r = await verifyDir(dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`\\(record ${victim.writer_id}#${victim.seq}\\).*missing`));
  });

  it('store: an inserted record (a forged chain, and a forged link rewritten into a chain)', async () => {
    const forgedWriter = 'f'.repeat(32);
    const dir = tampered((db, rows) => {
      const model = JSON.parse(eventsOf(rows, writerWithEvents(rows))[0]!.body);
      const record = { ...model, writer: forgedWriter, seq: 1, prev: '0'.repeat(64), kind: 'start', body: { digestIntervalMs: 500, witnesses: [] } };
      const text = canonicalJson(record);
      db.prepare("INSERT INTO audit_records (writer_id, seq, kind, time, body, hash) VALUES (?, 1, 'start', ?, ?, ?)").run(forgedWriter, record.time, text, sha(text));
    });
    const r = await verifyDir(dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`${forgedWriter}.*(no signed start|forged)`));

    // Inside a chain: a forged event after record k, every later record renumbered, relinked and rehashed.
    let writer = '';
    let firstDigestAfter = 0;
    const dir2 = tampered((db, rows) => {
      writer = writerWithEvents(rows);
      const chain = rows.filter((x) => x.writer_id === writer).sort((a, b) => a.seq - b.seq);
      const at = chain.findIndex((x) => x.kind === 'event' && x.seq > 3);
      let prev = chain[at - 1]!.hash;
      const forged = { ...JSON.parse(chain[at]!.body), seq: chain[at]!.seq, prev };
      forged.body = { ...forged.body, eventName: 'GetSecretValue', requestParameters: { secretId: 'framed' } };
      const rewritten: { seq: number; text: string }[] = [];
      let text = canonicalJson(forged);
      rewritten.push({ seq: forged.seq, text });
      prev = sha(text);
      for (const x of chain.slice(at)) {
        const rec = { ...JSON.parse(x.body), seq: x.seq + 1, prev };
        text = canonicalJson(rec);
        rewritten.push({ seq: x.seq + 1, text });
        prev = sha(text);
        if (!firstDigestAfter && x.kind === 'digest') firstDigestAfter = x.seq + 1;
      }
      db.prepare('DELETE FROM audit_records WHERE writer_id = ? AND seq >= ?').run(writer, forged.seq);
      const ins = db.prepare('INSERT INTO audit_records (writer_id, seq, kind, time, body, hash) VALUES (?, ?, ?, ?, ?, ?)');
      for (const w of rewritten) {
        const rec = JSON.parse(w.text);
        ins.run(writer, w.seq, rec.kind, rec.time, w.text, sha(w.text));
      }
    });
    const r2 = await verifyDir(dir2);
    assert.equal(r2.code, 1);
    assert.match(r2.stdout, /BROKEN at/);
  });

  it('store: reordered records', async () => {
    let a!: AuditRowView;
    let b!: AuditRowView;
    const dir = tampered((db, rows) => {
      const ev = eventsOf(rows, writerWithEvents(rows));
      [a, b] = [ev[2]!, ev[3]!];
      db.prepare('UPDATE audit_records SET pos = -1 WHERE pos = ?').run(a.pos);
      db.prepare('UPDATE audit_records SET pos = ? WHERE pos = ?').run(a.pos, b.pos);
      db.prepare('UPDATE audit_records SET pos = ? WHERE pos = -1').run(b.pos);
    });
    const r = await verifyDir(dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`BROKEN at row ${a.pos} \\(record ${a.writer_id}#${a.seq}\\)`));
  });

  it('store: the tail cut off beyond the last digest', async () => {
    let writer = '';
    let lastKept = 0;
    const dir = tampered((db, rows) => {
      writer = writerWithEvents(rows);
      const chain = rows.filter((x) => x.writer_id === writer);
      const digests = chain.filter((x) => x.kind === 'digest');
      const cut = digests[digests.length - 2]!; // remove the last two digests and everything between
      lastKept = cut.seq - 1;
      db.prepare('DELETE FROM audit_records WHERE writer_id = ? AND seq >= ?').run(writer, cut.seq);
    });
    const r = await verifyDir(dir);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`record ${writer}#${lastKept + 1}`));
    assert.match(r.stdout, /missing|cut short/);
  });

  const lines = () => fs.readFileSync(exportFile, 'utf8').split('\n').filter((l) => l !== '');
  function tamperedFile(edit: (ls: string[]) => string[]): string {
    const f = `${exportFile}.${crypto.randomUUID()}`;
    fs.writeFileSync(f, edit(lines()).join('\n') + '\n');
    cleanup.push(f);
    return f;
  }
  const verifyFile = (f: string) => verifyDir(base, ['--file', f, '--public-key', key]);
  /** Indexes (0-based) of event lines of one writer. */
  function eventLines(ls: string[]): number[] {
    const parsed = ls.map((l) => JSON.parse(l));
    const writer = parsed.find((p) => p.kind === 'event')!.writer;
    return parsed.flatMap((p, i) => (p.kind === 'event' && p.writer === writer ? [i] : []));
  }

  it('export: edited, deleted, inserted and reordered lines name the line', async () => {
    const idx = eventLines(lines());
    const edited = tamperedFile((ls) => ls.map((l, i) => (i === idx[2] ? l.replace('"secretId":"tamper"', '"secretId":"innocent"') : l)));
    let r = await verifyFile(edited);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`BROKEN at line ${idx[2]! + 1} .*altered`));

    const deleted = tamperedFile((ls) => ls.filter((_, i) => i !== idx[2]));
    r = await verifyFile(deleted);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`BROKEN at line ${idx[2]! + 1} .*missing`));

    const duplicated = tamperedFile((ls) => [...ls.slice(0, idx[3]! + 1), ls[idx[2]!]!, ...ls.slice(idx[3]! + 1)]);
    r = await verifyFile(duplicated);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`BROKEN at line ${idx[3]! + 2} .*(out of order|inserted)`));

    const forged = tamperedFile((ls) => {
      const rec = JSON.parse(ls[idx[2]!]!);
      delete rec.hash;
      rec.body.requestParameters = { secretId: 'framed' };
      const text = canonicalJson(rec);
      return [...ls.slice(0, idx[3]!), canonicalJson({ ...rec, hash: sha(text) }), ...ls.slice(idx[3]!)];
    });
    r = await verifyFile(forged);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`BROKEN at line ${idx[3]! + 1} `));

    const swapped = tamperedFile((ls) => {
      const out = [...ls];
      [out[idx[2]!], out[idx[3]!]] = [ls[idx[3]!]!, ls[idx[2]!]!];
      return out;
    });
    r = await verifyFile(swapped);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`BROKEN at line ${idx[2]! + 1} `));
  });

  it('export: a truncated file fails, with or without its manifest', async () => {
    const noManifest = tamperedFile((ls) => ls.slice(0, -3));
    let r = await verifyFile(noManifest);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /no manifest: it was truncated/);
    const cut = tamperedFile((ls) => [...ls.slice(0, -3), ls[ls.length - 1]!]);
    r = await verifyFile(cut);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /missing: the export was truncated|missing/);
    const otherKey = crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');
    r = await verifyDir(base, ['--file', exportFile, '--public-key', otherKey]);
    assert.equal(r.code, 1, 'a different key does not verify');
  });
});

describe('crashes, restarts and several processes keep the chain verifiable', () => {
  const dirs: string[] = [];
  const servers: CofferServer[] = [];
  const track = (s: CofferServer) => (servers.push(s), s);
  after(async () => {
    for (const s of servers) await s.kill9();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function ok(dir: string): Promise<string> {
    const r = await coffer(['audit', 'verify'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    return r.stdout;
  }

  it('kill -9 under load, then restart: no false alarm, the crashed tail is sealed by the next start', async () => {
    const server = track(new CofferServer({ env: { ...FAST, COFFER_WORKERS: '1' } }));
    dirs.push(server.dataDir);
    await server.start();
    const creds = server.credentials();
    let sm: SecretsManagerClient = server.client(creds);
    await sm.send(new CreateSecretCommand({ Name: 'crash', SecretString: 'v' }));
    const load = Array.from({ length: 40 }, (_, i) => sm.send(new PutSecretValueCommand({ SecretId: 'crash', SecretString: `v${i}` })).catch(() => undefined));
    await sleep(60);
    await server.kill9();
    await Promise.all(load);
    await ok(server.dataDir);
    await server.start();
    sm = server.client(creds);
    await sm.send(new GetSecretValueCommand({ SecretId: 'crash' }));
    const out = await ok(server.dataDir);
    assert.match(out, /from 2 writers/);
    await server.kill9();
    await server.start();
    await server.stop();
    await server.start();
    await server.stop();
    assert.match(await ok(server.dataDir), /from 4 writers/);
  });

  it('two server processes on one data directory, writing at once', async () => {
    const a = track(new CofferServer({ env: { ...FAST, COFFER_WORKERS: '1' } }));
    dirs.push(a.dataDir);
    await a.start();
    const b = track(new CofferServer({ dataDir: a.dataDir, env: { ...FAST, COFFER_WORKERS: '1' } }));
    await b.start();
    const sa = a.client();
    const sb = b.client(a.credentials());
    await sa.send(new CreateSecretCommand({ Name: 'shared', SecretString: 'v' }));
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? sa : sb).send(i % 3 ? new GetSecretValueCommand({ SecretId: 'shared' }) : new PutSecretValueCommand({ SecretId: 'shared', SecretString: `v${i}` })),
      ),
    );
    await sleep(1300);
    await ok(a.dataDir);
    await a.stop();
    await sb.send(new GetSecretValueCommand({ SecretId: 'shared' }));
    await b.stop();
    const out = await ok(a.dataDir);
    assert.match(out, /from 2 writers/);
    const rows = auditRows(a.dataDir);
    const witnessed = rows.some((r) => r.kind === 'digest' && JSON.parse(r.body).body.witnesses.length > 0);
    assert.ok(witnessed, 'the processes witnessed each other');
  });

  it('retention pruning keeps the remaining range verifiable, in the store and exported', async () => {
    const server = track(new CofferServer({ env: { ...FAST, COFFER_AUDIT_RETENTION_DAYS: String(2 / 86400), COFFER_WORKERS: '1' } }));
    dirs.push(server.dataDir);
    await server.start();
    const sm = server.client();
    await sm.send(new CreateSecretCommand({ Name: 'kept', SecretString: 'v' }));
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      await sm.send(new GetSecretValueCommand({ SecretId: 'kept' }));
      await sleep(100);
    }
    await server.stop();
    await server.start();
    await sleep(300);
    await server.stop();
    const db = openDb(server.dataDir);
    const anchors = db.prepare('SELECT COUNT(*) AS n FROM audit_anchors').get() as { n: number };
    const firsts = db.prepare('SELECT writer_id, MIN(seq) AS s FROM audit_records GROUP BY writer_id').all() as { s: number }[];
    db.close();
    assert.ok(anchors.n >= 1, 'pruning left signed anchors');
    assert.ok(firsts.some((f) => f.s > 1), 'old records are gone');
    await ok(server.dataDir);
    const file = path.join(server.dataDir, 'export.jsonl');
    const x = await coffer(['audit', 'export', '--out', file], server.dataDir);
    assert.equal(x.code, 0, x.stdout + x.stderr);
    const key = (await coffer(['audit', 'public-key'], server.dataDir)).stdout.trim();
    const r = await coffer(['audit', 'verify', '--file', file, '--public-key', key], server.dataDir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /pruning anchors/);
  });
});
