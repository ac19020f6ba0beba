/**
 * Secrets under a customer-managed KMS key, end to end (SDK v3 Secrets Manager and KMS clients
 * against a real `coffer serve`): KmsKeyId by key id, key ARN, alias and alias ARN; DescribeSecret
 * shows KmsKeyId as given and ListSecretVersionIds the key (api-notes §12); a disabled or
 * pending-deletion key stops reads (DecryptionFailure) and writes (EncryptionFailure) and
 * changes nothing, and works again once enabled; automatic rotation of the key keeps every version
 * readable (the rotation is made due in the server's SQLite file and done by the KMS maintenance
 * task, every COFFER_PURGE_INTERVAL_SECONDS, 0.2 s here); UpdateSecret KmsKeyId re-encrypts the
 * labelled versions (api-notes §5).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  ScheduleKeyDeletionCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { expectAwsError, uniqueName, waitFor } from '../support/aws-expect.js';
import { REGION, startServer, stopAndClean, type CofferServer } from '../support/coffer-server.js';
import { kmsClient } from '../support/kms-client.js';

let server: CofferServer;
let kms: KMSClient;
let sm: SecretsManagerClient;
const ACCT = '000000000000';

before(async () => {
  server = await startServer({ env: { COFFER_PURGE_INTERVAL_SECONDS: '0.2' } });
  kms = kmsClient(server);
  sm = server.client();
});
after(() => stopAndClean(server));

const CANT_ENCRYPT =
  "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state.";
const CANT_DECRYPT =
  "Secrets Manager can't decrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state.";

async function keyWithAlias() {
  const key = (await kms.send(new CreateKeyCommand({ Description: 'secrets' }))).KeyMetadata!;
  const alias = `alias/${uniqueName('sm')}`;
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyId }));
  return { key, alias };
}
const value = async (id: string, stage?: string) => (await sm.send(new GetSecretValueCommand({ SecretId: id, VersionStage: stage }))).SecretString;
const versions = async (id: string) => (await sm.send(new ListSecretVersionIdsCommand({ SecretId: id, IncludeDeprecated: true }))).Versions!;

describe('a secret under a customer key', () => {
  test('KmsKeyId by key id, key ARN, alias name or alias ARN: shown as given, the key ARN per version', async () => {
    const { key, alias } = await keyWithAlias();
    const ids = [key.KeyId!, key.Arn!, alias, `arn:aws:kms:${REGION}:${ACCT}:${alias}`];
    for (const kmsKeyId of ids) {
      const name = uniqueName('cmk');
      await sm.send(new CreateSecretCommand({ Name: name, SecretString: `v-${kmsKeyId}`, KmsKeyId: kmsKeyId }));
      assert.equal(await value(name), `v-${kmsKeyId}`);
      assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: name }))).KmsKeyId, kmsKeyId);
      assert.deepEqual((await versions(name)).map((v) => v.KmsKeyIds), [[key.Arn]]);
    }
    const plain = uniqueName('default');
    await sm.send(new CreateSecretCommand({ Name: plain, SecretString: 'x' }));
    assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: plain }))).KmsKeyId, undefined);
    assert.deepEqual((await versions(plain)).map((v) => v.KmsKeyIds), [['DefaultEncryptionKey']]);
  });

  test('a disabled key stops GetSecretValue and PutSecretValue, changes nothing, and works again when enabled', async () => {
    const { key, alias } = await keyWithAlias();
    const name = uniqueName('cmk');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'first', KmsKeyId: alias }));
    const before = await versions(name);
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: name })), 'DecryptionFailure', CANT_DECRYPT);
    await expectAwsError(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'second', ClientRequestToken: randomUUID() })), 'EncryptionFailure', CANT_ENCRYPT);
    await expectAwsError(sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'third', ClientRequestToken: randomUUID() })), 'EncryptionFailure', CANT_ENCRYPT);
    await expectAwsError(sm.send(new CreateSecretCommand({ Name: uniqueName('cmk'), SecretString: 'x', KmsKeyId: alias })), 'EncryptionFailure', CANT_ENCRYPT);
    assert.deepEqual(await versions(name), before, 'no version was written');
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    assert.equal(await value(name), 'first');
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'second', ClientRequestToken: randomUUID() }));
    assert.equal(await value(name), 'second');
    assert.equal(await value(name, 'AWSPREVIOUS'), 'first');
  });

  test('a key pending deletion stops reads and writes; cancelled and enabled, the secret reads again', async () => {
    const { key, alias } = await keyWithAlias();
    const name = uniqueName('cmk');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'kept', KmsKeyId: alias }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: name })), 'DecryptionFailure', CANT_DECRYPT);
    await expectAwsError(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'no', ClientRequestToken: randomUUID() })), 'EncryptionFailure', CANT_ENCRYPT);
    await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }));
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: name })), 'DecryptionFailure', CANT_DECRYPT);
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    assert.equal(await value(name), 'kept');
  });

  test('Rotating a key keeps old versions decryptable: every secret version and KMS ciphertext opens after automatic rotations', async () => {
    const { key, alias } = await keyWithAlias();
    await kms.send(new EnableKeyRotationCommand({ KeyId: alias }));
    const db = new Database(path.join(server.dataDir, 'coffer.db'));
    db.pragma('busy_timeout = 10000');
    const materialVersion = () => (db.prepare('SELECT material_version AS v FROM kms_keys WHERE arn = ?').get(key.Arn) as { v: number }).v;
    /** The material version that wrapped a secret version's data key (format 1 = version 0). */
    const wrappedWith = (versionId: string) => {
      const b = (db.prepare('SELECT wrapped_data_key AS w FROM versions WHERE version_id = ?').get(versionId) as { w: Buffer }).w;
      return b[0] === 1 ? 0 : b.readUInt32BE(3 + b.readUInt16BE(1));
    };
    try {
      const name = uniqueName('cmk');
      const secretVersions: { id: string; value: string }[] = [];
      const ciphertexts: { blob: Uint8Array; value: string }[] = [];
      const write = async (gen: number) => {
        const value = `gen${gen}`;
        const id = randomUUID();
        if (gen === 0) await sm.send(new CreateSecretCommand({ Name: name, SecretString: value, KmsKeyId: alias, ClientRequestToken: id }));
        else await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: value, ClientRequestToken: id }));
        assert.equal(wrappedWith(id), gen, `${value} is sealed under material ${gen}`);
        secretVersions.push({ id, value });
        const e = await kms.send(new EncryptCommand({ KeyId: alias, Plaintext: Buffer.from(value), EncryptionContext: { gen: value } }));
        ciphertexts.push({ blob: e.CiphertextBlob!, value });
      };
      await write(0);
      for (let gen = 1; gen <= 3; gen++) {
        // Due now, as if a year had passed; the maintenance task rotates it within a pass or two.
        assert.equal(db.prepare('UPDATE kms_keys SET next_rotation_at = ? WHERE arn = ?').run(Date.now() - 1000, key.Arn).changes, 1);
        await waitFor(`rotation ${gen} of ${key.Arn}`, async () => (materialVersion() === gen ? true : undefined));
        await write(gen);
      }
      // Every version, labelled or not, still decrypts; so does every KMS ciphertext: first with
      // the server's material cache warm, then after a restart, with the material from the store.
      const readAll = async () => {
        for (const v of secretVersions) {
          assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v.id }))).SecretString, v.value, v.value);
        }
        assert.equal(await value(name), 'gen3');
        assert.equal(await value(name, 'AWSPREVIOUS'), 'gen2');
        for (const c of ciphertexts) {
          const d = await kms.send(new DecryptCommand({ CiphertextBlob: c.blob, EncryptionContext: { gen: c.value } }));
          assert.equal(Buffer.from(d.Plaintext!).toString(), c.value);
        }
      };
      assert.equal((await versions(name)).length, 4);
      await readAll();
      await server.stop();
      await server.start();
      await readAll();
    } finally {
      db.close();
    }
  });

  test('UpdateSecret KmsKeyId re-encrypts AWSCURRENT and AWSPREVIOUS under the new key, and back to the default', async () => {
    const { key, alias } = await keyWithAlias();
    const name = uniqueName('cmk');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two', ClientRequestToken: randomUUID() }));
    await sm.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: alias }));
    assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: name }))).KmsKeyId, alias);
    assert.deepEqual((await versions(name)).map((v) => v.KmsKeyIds), [[key.Arn], [key.Arn]]);
    // Both labelled versions now depend on the customer key.
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: name })), 'DecryptionFailure');
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' })), 'DecryptionFailure');
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    assert.equal(await value(name), 'two');
    assert.equal(await value(name, 'AWSPREVIOUS'), 'one');
    await sm.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: '' }));
    assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: name }))).KmsKeyId, undefined);
    assert.deepEqual((await versions(name)).map((v) => v.KmsKeyIds), [['DefaultEncryptionKey'], ['DefaultEncryptionKey']]);
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    assert.equal(await value(name), 'two', 'no longer needs the customer key');
  });

  test('a KmsKeyId naming no key is refused and creates nothing', async () => {
    const name = uniqueName('cmk');
    await expectAwsError(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x', KmsKeyId: 'alias/none-such' })), 'ResourceNotFoundException');
    await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: name })), 'ResourceNotFoundException');
  });
});
