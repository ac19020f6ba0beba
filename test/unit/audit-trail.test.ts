/**
 * The audit trail's parts without a server: canonical JSON, the signing key, chain + verifier
 * (forged chains, closing digests, ranges, keys, unsealed tails, pruning anchors), the sink queue
 * (timeouts, fail-fast, dropping), event building (no sensitive member ever), the trail over a real
 * SQLite store (group commit, rewinding after a failed commit) and the COFFER_AUDIT_* settings.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, describe, it } from 'node:test';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import { ChainWriter } from '../../src/audit/chain-writer.js';
import { AuditSigner, AuditVerifyKey } from '../../src/audit/signer.js';
import { AuditVerifier } from '../../src/audit/verifier.js';
import { signAnchor } from '../../src/audit/anchor.js';
import { SinkQueue } from '../../src/audit/sinks/sink-queue.js';
import type { StreamSink } from '../../src/audit/sinks/stream-sink.js';
import { apiCallEvents, AuditTrail, serviceEvent, verifyStore } from '../../src/audit/index.js';
import type { SealedRecord } from '../../src/audit/audit-record.js';
import { loadConfig } from '../../src/config/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { tempDataDir } from '../support/coffer-server.js';

const signer = new AuditSigner(crypto.randomBytes(32));
const key = signer.verifyKey;
const verify = async (records: SealedRecord[], now = Date.now(), setup?: (v: AuditVerifier) => void) => {
  const v = new AuditVerifier({ key });
  setup?.(v);
  records.forEach((r, i) => v.addRecord({ where: `line ${i + 1}`, text: r.text, hash: r.hash }));
  const byKey = new Map(records.map((r) => [`${r.record.writer}#${r.record.seq}`, r.hash]));
  return v.finish(async (w, s) => byKey.get(`${w}#${s}`), now);
};

/** A writer's chain: start, start digest, n events, a digest, optionally a closing digest. */
function chain(n: number, t0 = Date.now(), closing = false): { w: ChainWriter; records: SealedRecord[] } {
  const w = new ChainWriter(crypto.randomBytes(16).toString('hex'), signer);
  const records = [w.append('start', t0, { digestIntervalMs: 1000, witnesses: [] }), w.append('digest', t0, { closing: false, witnesses: [] })];
  for (let i = 0; i < n; i++) records.push(w.append('event', t0 + i, { eventName: 'GetSecretValue', i }));
  records.push(w.append('digest', t0 + n, { closing, witnesses: [] }));
  return { w, records };
}

describe('canonical JSON and the signing key', () => {
  it('sorts keys at every depth, drops undefined, refuses what JSON cannot hold', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: 1, c: undefined, b: 'x' }], c: null }), '{"a":[{"b":"x","d":1}],"b":1,"c":null}');
    assert.throws(() => canonicalJson({ d: new Date() }));
    assert.throws(() => canonicalJson({ n: NaN }));
    assert.throws(() => canonicalJson({ b: Buffer.from('x') }));
  });

  it('signs with Ed25519 from a 32-byte seed; the public key prints and parses (base64 or PEM)', () => {
    const seed = crypto.randomBytes(32);
    const a = new AuditSigner(seed);
    assert.equal(new AuditSigner(seed).verifyKey.toText(), a.verifyKey.toText(), 'deterministic');
    const sig = a.sign('text');
    assert.ok(a.verifyKey.verify('text', sig));
    assert.equal(a.verifyKey.verify('other', sig), false);
    assert.equal(AuditVerifyKey.parse(a.verifyKey.toText()).keyId, a.verifyKey.keyId);
    const pem = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), a.verifyKey.raw]), format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString();
    assert.equal(AuditVerifyKey.parse(pem).keyId, a.verifyKey.keyId);
    assert.throws(() => AuditVerifyKey.parse('abc'));
  });
});

describe('chain and verifier', () => {
  it('an intact chain verifies; records after the last digest are reported, not failed, while recent', async () => {
    const { w, records } = chain(5);
    records.push(w.append('event', Date.now(), { eventName: 'late' }));
    const r = await verify(records);
    assert.equal(r.ok, true, JSON.stringify(r.failures));
    assert.equal(r.digests, 2);
    assert.deepEqual(r.unsealed.map((u) => u.records), [1]);
  });

  it('an unsigned record older than twice the digest interval (+30 s) fails', async () => {
    const { w, records } = chain(2, Date.now() - 120_000);
    records.push(w.append('event', Date.now() - 100_000, { eventName: 'old' }));
    const r = await verify(records);
    assert.equal(r.ok, false);
    assert.match(r.failures[0]!.message, /not covered by any signed digest/);
  });

  it('a forged chain (no signed start), a record after a closing digest, a digest of another key, a wrong range', async () => {
    const forged = new ChainWriter('ab'.repeat(16), signer);
    const fr = [forged.append('start', Date.now(), {}), forged.append('event', Date.now(), {})];
    assert.match((await verify(fr)).failures[0]!.message, /signed digest of its writer's start|no signed start/);

    const { w, records } = chain(2, Date.now(), true);
    records.push(w.append('event', Date.now(), {}));
    assert.match((await verify(records)).failures[0]!.message, /follows the closing digest/);

    const other = new ChainWriter('cd'.repeat(16), new AuditSigner(crypto.randomBytes(32)));
    const or = [other.append('start', Date.now(), {}), other.append('digest', Date.now(), { closing: false, witnesses: [] })];
    assert.ok((await verify(or)).failures.some((f) => /not by the verifying key/.test(f.message)));

    const c = chain(3);
    const bad = JSON.parse(c.records[5]!.text);
    bad.body.from = 1;
    const v = new AuditVerifier({ key });
    for (const r of c.records.slice(0, 5)) v.addRecord({ where: 'x', text: r.text, hash: r.hash });
    const text = canonicalJson(bad);
    v.addRecord({ where: 'bad', text, hash: crypto.createHash('sha256').update(text).digest('hex') });
    const res = await v.finish(async () => undefined, Date.now());
    assert.equal(res.ok, false, 'a changed digest no longer verifies');
  });

  it('a chain that starts after a signed pruning anchor verifies; a forged anchor does not', async () => {
    const { records } = chain(6);
    const cut = 2; // pruning cuts at a digest: records 1..2 (start and its digest) are gone
    const anchor = signAnchor({ writerId: records[0]!.record.writer, throughSeq: cut, throughHash: records[cut - 1]!.hash, prunedAt: Date.now() }, signer);
    const kept = records.slice(cut);
    const ok = await verify(kept, Date.now(), (v) => v.addAnchor(anchor, 'anchor'));
    assert.equal(ok.ok, true, JSON.stringify(ok.failures));
    const forged = { ...anchor, throughSeq: cut + 1 };
    const bad = await verify(kept.slice(1), Date.now(), (v) => v.addAnchor(forged, 'anchor'));
    assert.equal(bad.ok, false);
    const none = await verify(kept);
    assert.equal(none.ok, false, 'without the anchor the start is missing');
  });

  it('witnesses: a head another chain saw must exist with the hash it saw', async () => {
    const a = chain(3);
    const b = new ChainWriter('ef'.repeat(16), signer);
    const last = a.records[a.records.length - 1]!;
    const br = [b.append('start', Date.now(), { witnesses: [{ writer: last.record.writer, seq: last.record.seq, hash: last.hash }] }), b.append('digest', Date.now(), { closing: false, witnesses: [] })];
    assert.equal((await verify([...a.records, ...br])).ok, true);
    const cutShort = await verify([...a.records.slice(0, -1), ...br]);
    assert.equal(cutShort.ok, false);
    assert.match(cutShort.failures[0]!.message, /missing/);
  });
});

describe('sink queue', () => {
  function fakeSink(): StreamSink & { written: string[]; block?: Promise<void>; restarts: number } {
    const s = {
      name: 'file' as const,
      written: [] as string[],
      block: undefined as Promise<void> | undefined,
      restarts: 0,
      async write(t: string) {
        if (s.block) await s.block;
        s.written.push(t);
      },
      async restart() {
        s.restarts++;
      },
      async close() {},
    };
    return s;
  }

  it('delivers in order, batching what arrives while a write is in flight', async () => {
    const sink = fakeSink();
    const q = new SinkQueue(sink, true, 1000, () => undefined);
    await Promise.all([q.deliver(['a\n']), q.deliver(['b\n']), q.deliver(['c\n'])]);
    assert.equal(sink.written.join(''), 'a\nb\nc\n');
    assert.ok(sink.written.length <= 2, 'b and c shared a write');
  });

  it('a stuck sink: the first delivery times out, later ones fail at once; the sink restarts before writing again', async () => {
    const sink = fakeSink();
    let release!: () => void;
    sink.block = new Promise((r) => (release = r));
    const q = new SinkQueue(sink, true, 100, () => undefined);
    const t = Date.now();
    await assert.rejects(q.deliver(['x\n']), /did not accept the event within 100 ms/);
    assert.ok(Date.now() - t >= 95);
    await new Promise((r) => setTimeout(r, 20));
    const t2 = Date.now();
    await assert.rejects(q.deliver(['y\n']), /is stuck/);
    assert.ok(Date.now() - t2 < 50);
    sink.block = undefined;
    release();
    await q.drain(1000);
    await q.deliver(['z\n']);
    assert.equal(sink.restarts, 1, 'restarted after the abandoned write');
  });

  it('an optional sink drops (and counts) beyond its queue bound instead of growing without limit', async () => {
    const sink = fakeSink();
    sink.block = new Promise(() => undefined);
    const problems: string[] = [];
    const q = new SinkQueue(sink, false, 100, (m) => problems.push(m), 10);
    for (let i = 0; i < 30; i++) q.enqueue(['r\n']);
    assert.ok(problems.some((p) => /dropping/.test(p)));
  });
});

describe('events', () => {
  it('never carry sensitive members, whatever the operation declares', () => {
    const facts = {
      requestId: 'r',
      time: Date.UTC(2018, 4, 3, 17, 51, 2),
      region: 'us-east-1',
      service: 'secretsmanager',
      operation: 'PutSecretValue',
      readOnly: false,
      defaultAccountId: '000000000000',
      input: { SecretId: 's', SecretString: 'S3CRET', SecretBinary: Buffer.from('B1N'), RotationToken: 'T0K', ClientRequestToken: 'c'.repeat(32) },
      output: { ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:s-AbCdEf', Name: 's', VersionId: 'v', VersionStages: ['AWSCURRENT'] },
    };
    const [e] = apiCallEvents(facts);
    assert.deepEqual(e!.requestParameters, { secretId: 's', clientRequestToken: 'c'.repeat(32) });
    assert.deepEqual(e!.responseElements, { arn: facts.output.ARN, name: 's', versionId: 'v', versionStages: ['AWSCURRENT'] });
    const generic = apiCallEvents({ ...facts, service: 'kms', operation: 'Encrypt', input: { KeyId: 'k', Plaintext: Buffer.from('P'), Nested: { Password: 'p', Ok: 1 } } })[0]!;
    assert.deepEqual(generic.requestParameters, { keyId: 'k', nested: { ok: 1 } });
    assert.equal(generic.responseElements, null);
    const del = apiCallEvents({ ...facts, operation: 'DeleteSecret', input: { SecretId: 's', RecoveryWindowInDays: 7 }, output: { ARN: facts.output.ARN, Name: 's', DeletionDate: Date.UTC(2018, 4, 3, 17, 51, 2) / 1000 } });
    assert.equal(del[0]!.responseElements!.deletionDate, 'May 3, 2018 5:51:02 PM');
    assert.equal(del[1]!.eventName, 'StartSecretVersionDelete');
  });

  it('service events name the secret and the account', () => {
    const e = serviceEvent({ eventName: 'RotationSucceeded', secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf', region: 'eu-west-1' });
    assert.equal(e.recipientAccountId, '123456789012');
    assert.equal(e.eventType, 'AwsServiceEvent');
    assert.deepEqual(e.additionalEventData, { SecretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf' });
  });
});

describe('the trail over SQLite', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  function open(): { store: Store; trail: AuditTrail; writes: () => number } {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = openSqliteStore(dir);
    let writes = 0;
    const counted: Store = { ...store, write: (fn) => (writes++, store.write(fn)), read: store.read, close: store.close };
    const trail = new AuditTrail({ store: counted, storeSink: { enabled: true, required: true }, streams: [], signer, region: 'us-east-1', digestIntervalMs: 60_000, retentionMs: 0, onProblem: () => undefined });
    return { store, trail, writes: () => writes };
  }

  it('group commit: concurrent calls share transactions', async () => {
    const { store, trail, writes } = open();
    await trail.start();
    const before = writes();
    const ev = serviceEvent({ eventName: 'X', accountId: '000000000000', region: 'us-east-1' });
    await Promise.all(Array.from({ length: 100 }, () => trail.recordEvents([ev], Date.now())));
    assert.ok(writes() - before < 10, `${writes() - before} transactions for 100 events`);
    await trail.stop();
    const r = await verifyStore(store, { key }, Date.now());
    assert.equal(r.ok, true, JSON.stringify(r.failures));
    assert.equal(r.events, 100);
    await store.close();
  });

  it('a failed commit rewinds the chain: what follows still links to what was committed', async () => {
    const { store, trail } = open();
    await trail.start();
    const ev = serviceEvent({ eventName: 'X', accountId: '000000000000', region: 'us-east-1' });
    await trail.recordEvents([ev], Date.now());
    await assert.rejects(trail.transaction(async () => { throw new Error('the change fails'); }));
    await assert.rejects(
      trail.transaction(async (tx, emit) => {
        emit({ eventName: 'Y', accountId: '000000000000', region: 'us-east-1' });
        await tx.putSetting('x', Buffer.from('1'));
        throw new Error('after the event was emitted');
      }),
    );
    await trail.transaction(async (tx, emit) => {
      await tx.putSetting('y', Buffer.from('1'));
      emit({ eventName: 'Z', accountId: '000000000000', region: 'us-east-1' });
    });
    await trail.stop();
    const r = await verifyStore(store, { key }, Date.now());
    assert.equal(r.ok, true, JSON.stringify(r.failures));
    assert.equal(r.events, 2);
    assert.equal(await store.read((tx) => tx.getSetting('x')), undefined, 'the failed change is not there');
    await store.close();
  });
});

describe('COFFER_AUDIT_* settings', () => {
  const env = (e: Record<string, string>) => loadConfig({ COFFER_DATA_DIR: '/tmp/x', ...e }).audit;
  it('defaults: the store, required, 60 s digests, kept for ever, 2 s sink timeout', () => {
    const a = env({});
    assert.deepEqual([a.sinks, a.required, a.digestIntervalMs, a.retentionMs, a.sinkTimeoutMs, a.file], [['store'], ['store'], 60_000, 0, 2000, '/tmp/x/audit/audit.jsonl']);
    assert.deepEqual(env({ COFFER_AUDIT_SINKS: 'file,stdout' }).required, ['file', 'stdout']);
    assert.deepEqual(env({ COFFER_AUDIT_SINKS: 'store,file' }).required, ['store']);
    assert.deepEqual(env({ COFFER_AUDIT_SINKS: 'none' }).sinks, []);
  });
  it('refuses required sinks that are not sinks, and nonsense', () => {
    assert.throws(() => env({ COFFER_AUDIT_SINKS: 'store', COFFER_AUDIT_REQUIRED: 'file' }), /COFFER_AUDIT_REQUIRED names file/);
    assert.throws(() => env({ COFFER_AUDIT_SINKS: 'syslog' }), /COFFER_AUDIT_SINKS/);
    assert.throws(() => env({ COFFER_AUDIT_DIGEST_INTERVAL_SECONDS: '0' }), /COFFER_AUDIT_DIGEST_INTERVAL_SECONDS/);
  });
});
