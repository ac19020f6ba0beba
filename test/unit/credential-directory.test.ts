/**
 * The credential directory's cache: a key deactivated or deleted by another process (the shared
 * credential generation moved) is dropped within CREDENTIAL_GENERATION_CHECK_MS; this process's
 * own changes (forget) take effect at once; without either, the cache holds for its TTL.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { CredentialDirectory } from '../../src/iam/index.js';
import { CREDENTIAL_GENERATION_CHECK_MS } from '../../src/iam/credential-directory.js';
import { CREDENTIAL_GENERATION_SETTING } from '../../src/iam/credential-generation.js';
import { rootKeyFromBytes } from '../../src/seal/index.js';
import type { AccessKeyRecord, Store, StoreTx } from '../../src/store/index.js';

const ID = 'AKIAIOSFODNN7EXAMPLE';

/** A store holding one access key and the settings, counting reads. */
function fakeStore(root: ReturnType<typeof rootKeyFromBytes>) {
  const state = {
    reads: 0,
    key: {
      accessKeyId: ID,
      principalArn: 'arn:aws:iam::111122223333:user/u',
      accountId: '111122223333',
      sealedSecret: root.wrap(Buffer.from('secret'), ID),
      status: 'Active',
      createdAt: 0,
    } as AccessKeyRecord | undefined,
    settings: new Map<string, Buffer>(),
  };
  const tx = {
    getAccessKey: async () => state.key,
    getPrincipal: async (arn: string) => ({ arn, accountId: '111122223333', type: 'IAMUser', name: 'u', principalId: 'AIDAU', isAccountAdmin: false, createdAt: 0 }),
    getSetting: async (name: string) => state.settings.get(name),
  } as unknown as StoreTx;
  const store = { read: async <T>(fn: (tx: StoreTx) => Promise<T>) => (state.reads++, fn(tx)) } as unknown as Store;
  return { store, state };
}

test('a change made elsewhere is seen within the generation check; forget() at once', async () => {
  const root = rootKeyFromBytes(crypto.randomBytes(32));
  const { store, state } = fakeStore(root);
  const directory = new CredentialDirectory(store, root);
  const t0 = 1_000_000;
  assert.equal((await directory.resolve(ID, t0))?.secretAccessKey, 'secret');

  // Another process deactivates the key and moves the generation.
  state.key = { ...state.key!, status: 'Inactive' };
  state.settings.set(CREDENTIAL_GENERATION_SETTING, Buffer.from('1'));
  assert.ok(await directory.resolve(ID, t0 + CREDENTIAL_GENERATION_CHECK_MS - 1), 'still cached within the check interval');
  assert.equal(await directory.resolve(ID, t0 + CREDENTIAL_GENERATION_CHECK_MS), undefined, 'dropped once the generation is read again');

  // This process's own change: forget() needs no generation read.
  state.key = { ...state.key!, status: 'Active' };
  const t1 = t0 + CREDENTIAL_GENERATION_CHECK_MS;
  directory.forget(ID);
  assert.ok(await directory.resolve(ID, t1 + 1));
  state.key = undefined;
  directory.forget(ID);
  assert.equal(await directory.resolve(ID, t1 + 2), undefined);
});

test('hits cost no store read; the generation is read at most once per interval', async () => {
  const root = rootKeyFromBytes(crypto.randomBytes(32));
  const { store, state } = fakeStore(root);
  const directory = new CredentialDirectory(store, root);
  await directory.resolve(ID, 5_000_000);
  const before = state.reads;
  for (let i = 1; i < 100; i++) await directory.resolve(ID, 5_000_000 + i);
  assert.equal(state.reads, before);
  await Promise.all([directory.resolve(ID, 5_000_000 + CREDENTIAL_GENERATION_CHECK_MS), directory.resolve(ID, 5_000_000 + CREDENTIAL_GENERATION_CHECK_MS)]);
  assert.equal(state.reads, before + 1, 'concurrent checks share one read');
});

test('every IAM write moves the IAM generation in its own transaction; reads do not', async () => {
  const { iamGenerationStore, IAM_GENERATION_SETTING, readIamGeneration } = await import('../../src/iam/iam-generation.js');
  const settings = new Map<string, Buffer>();
  const tx = {
    getSetting: async (n: string) => settings.get(n),
    putSetting: async (n: string, v: Buffer) => void settings.set(n, v),
  } as unknown as StoreTx;
  const base = { read: async <T>(fn: (t: StoreTx) => Promise<T>) => fn(tx), write: async <T>(fn: (t: StoreTx) => Promise<T>) => fn(tx), close: async () => {} } as Store;
  const store = iamGenerationStore(base);
  assert.equal(await store.write(async () => 'done'), 'done');
  assert.equal(await store.read(readIamGeneration), '1');
  await store.write(async () => undefined);
  await store.read(async () => undefined);
  assert.equal(settings.get(IAM_GENERATION_SETTING)?.toString(), '2');
  await assert.rejects(store.write(async () => {
    throw new Error('rolled back');
  }));
  assert.equal(settings.get(IAM_GENERATION_SETTING)?.toString(), '2', 'a failed write does not move it');
});
