/**
 * The KMS API's key management end to end through @aws-sdk/client-kms against a real
 * `coffer serve`: CreateKey, DescribeKey, ListKeys, aliases, enable/disable, scheduled deletion,
 * key policies, tags and rotation settings, with KMS's error names and texts (sources in
 * src/kms/kms-errors.ts). Coffer serves the KMS model of botocore 1.29.27 (model/README.md): the
 * SDK's newer operations answer UnknownOperationException and its newer members are ignored.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeyPoliciesCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { REGION, startServer, stopAndClean, type CofferServer } from '../support/coffer-server.js';
import { kmsClient } from '../support/kms-client.js';

let server: CofferServer;
let kms: KMSClient;
const ACCT = '000000000000';

before(async () => {
  server = await startServer();
  kms = kmsClient(server);
});
after(() => stopAndClean(server));

const DAY = 86_400_000;
const newKey = async (description = 'test key') => (await kms.send(new CreateKeyCommand({ Description: description }))).KeyMetadata!;
const describeKey = async (id: string) => (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
const aliasName = () => `alias/${uniqueName('k')}`;
const keyPolicy = (principal: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'all', Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:*', Resource: '*' }],
  });

describe('CreateKey and DescribeKey', () => {
  test('a symmetric customer key with the metadata AWS answers', async () => {
    const before = Date.now();
    const m = await newKey('my key');
    assert.match(m.KeyId!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(m.Arn, `arn:aws:kms:${REGION}:${ACCT}:key/${m.KeyId}`);
    assert.equal(m.AWSAccountId, ACCT);
    assert.equal(m.Description, 'my key');
    assert.equal(m.Enabled, true);
    assert.equal(m.KeyState, 'Enabled');
    assert.equal(m.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(m.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(m.CustomerMasterKeySpec, 'SYMMETRIC_DEFAULT');
    assert.deepEqual(m.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
    assert.equal(m.KeyManager, 'CUSTOMER');
    assert.equal(m.Origin, 'AWS_KMS');
    assert.equal(m.MultiRegion, false);
    assert.equal(m.DeletionDate, undefined);
    assert.ok(m.CreationDate!.getTime() >= before - 1000 && m.CreationDate!.getTime() <= Date.now() + 1000);
    assert.deepEqual(await describeKey(m.KeyId!), m);
    const d = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    assert.equal(d.Description, '', 'no description is the empty one');
  });

  test('DescribeKey finds a key by id, key ARN, alias name and alias ARN', async () => {
    const m = await newKey();
    const alias = aliasName();
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: m.KeyId }));
    for (const id of [m.KeyId!, m.Arn!, alias, `arn:aws:kms:${REGION}:${ACCT}:${alias}`]) {
      assert.equal((await describeKey(id)).KeyId, m.KeyId, id);
    }
  });

  test('DescribeKey answers KMS NotFoundException texts for unknown keys', async () => {
    const id = '0b7fd7e8-7d3a-4b8c-9a0e-3f1d7a4c5b6e';
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: 'nope' })), 'NotFoundException', "Invalid keyId 'nope'");
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: id })), 'NotFoundException', `Key 'arn:aws:kms:${REGION}:${ACCT}:key/${id}' does not exist`);
    await expectAwsError(
      kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:${REGION}:${ACCT}:key/${id}` })),
      'NotFoundException',
      `Key 'arn:aws:kms:${REGION}:${ACCT}:key/${id}' does not exist`,
    );
    await expectAwsError(
      kms.send(new DescribeKeyCommand({ KeyId: 'alias/none-such' })),
      'NotFoundException',
      `Alias arn:aws:kms:${REGION}:${ACCT}:alias/none-such is not found.`,
    );
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:eu-west-1:${ACCT}:key/${id}` })), 'NotFoundException', 'Invalid arn eu-west-1');
  });

  test('KeySpec and KeyUsage are checked as KMS checks them; only symmetric keys are offered', async () => {
    const count = async () => (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys!.length;
    const n = await count();
    await expectAwsError(
      kms.send(new CreateKeyCommand({ KeyUsage: 'SIGN_VERIFY' })),
      'ValidationException',
      'KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT',
    );
    await expectAwsError(
      kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048' })),
      'ValidationException',
      'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
    );
    await expectAwsError(kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })), 'UnsupportedOperationException', /KeySpec RSA_2048 is not supported/);
    await expectAwsError(kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })), 'UnsupportedOperationException');
    await expectAwsError(kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' })), 'UnsupportedOperationException');
    await expectAwsError(kms.send(new CreateKeyCommand({ MultiRegion: true })), 'UnsupportedOperationException');
    await expectAwsError(
      kms.send(new CreateKeyCommand({ KeySpec: 'NOPE' as never })),
      'ValidationException',
      /Value 'NOPE' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set/,
    );
    assert.equal(await count(), n, 'no key was created');
    const ok = (await kms.send(new CreateKeyCommand({ KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' }))).KeyMetadata!;
    assert.equal(ok.KeySpec, 'SYMMETRIC_DEFAULT');
  });

  test('a key policy given to CreateKey is validated, lockout-checked and kept', async () => {
    const count = async () => (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys!.length;
    const n = await count();
    await expectAwsError(kms.send(new CreateKeyCommand({ Policy: '{"Version":' })), 'MalformedPolicyDocumentException', 'This policy has invalid syntax.');
    await expectAwsError(
      kms.send(new CreateKeyCommand({ Policy: keyPolicy('arn:aws:iam::111122223333:root') })),
      'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.',
    );
    assert.equal(await count(), n, 'refused policies create no key');
    const other = keyPolicy('arn:aws:iam::111122223333:root');
    const bypassed = (await kms.send(new CreateKeyCommand({ Policy: other, BypassPolicyLockoutSafetyCheck: true }))).KeyMetadata!;
    // The bypassed policy grants this account nothing: the key is out of its reach, as in AWS.
    await expectAwsError(
      kms.send(new GetKeyPolicyCommand({ KeyId: bypassed.KeyId, PolicyName: 'default' })),
      'AccessDeniedException',
      `User: arn:aws:iam::${ACCT}:user/admin is not authorized to perform: kms:GetKeyPolicy on resource: ${bypassed.Arn} because no resource-based policy allows the kms:GetKeyPolicy action.`,
    );
    const mine = keyPolicy(`arn:aws:iam::${ACCT}:root`);
    const k = (await kms.send(new CreateKeyCommand({ Policy: mine, Tags: [{ TagKey: 'team', TagValue: 'a' }] }))).KeyMetadata!;
    assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default' }))).Policy, mine);
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: k.KeyId }))).Tags, [{ TagKey: 'team', TagValue: 'a' }]);
  });
});

describe('ListKeys', () => {
  test('lists every key, the AWS-managed one too, page by page', async () => {
    const created = [await newKey(), await newKey(), await newKey()];
    const all = (await kms.send(new ListKeysCommand({}))).Keys!;
    const aws = await describeKey('alias/aws/secretsmanager');
    assert.ok(all.some((k) => k.KeyId === aws.KeyId));
    for (const c of created) assert.ok(all.some((k) => k.KeyId === c.KeyId && k.KeyArn === c.Arn));
    const paged: string[] = [];
    let marker: string | undefined;
    do {
      const p = await kms.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
      assert.ok(p.Keys!.length <= 2);
      paged.push(...p.Keys!.map((k) => k.KeyId!));
      assert.equal(p.Truncated, p.NextMarker !== undefined);
      marker = p.NextMarker;
    } while (marker);
    assert.deepEqual(paged, all.map((k) => k.KeyId));
    await expectAwsError(kms.send(new ListKeysCommand({ Marker: 'garbage' })), 'InvalidMarkerException');
  });
});

describe('aliases', () => {
  test('create, list (with alias/aws/secretsmanager), update and delete', async () => {
    const a = await newKey();
    const b = await newKey();
    const name = aliasName();
    await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: a.Arn }));
    const list = (await kms.send(new ListAliasesCommand({}))).Aliases!;
    const mine = list.find((x) => x.AliasName === name)!;
    assert.equal(mine.AliasArn, `arn:aws:kms:${REGION}:${ACCT}:${name}`);
    assert.equal(mine.TargetKeyId, a.KeyId);
    assert.ok(mine.CreationDate instanceof Date && mine.LastUpdatedDate instanceof Date);
    const managed = list.find((x) => x.AliasName === 'alias/aws/secretsmanager')!;
    assert.equal(managed.TargetKeyId, (await describeKey('alias/aws/secretsmanager')).KeyId);
    assert.deepEqual((await kms.send(new ListAliasesCommand({ KeyId: a.KeyId }))).Aliases!.map((x) => x.AliasName), [name]);
    await kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: b.KeyId }));
    assert.equal((await describeKey(name)).KeyId, b.KeyId);
    assert.deepEqual((await kms.send(new ListAliasesCommand({ KeyId: a.KeyId }))).Aliases, []);
    await kms.send(new DeleteAliasCommand({ AliasName: name }));
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: name })), 'NotFoundException', `Alias arn:aws:kms:${REGION}:${ACCT}:${name} is not found.`);
    await expectAwsError(kms.send(new DeleteAliasCommand({ AliasName: name })), 'NotFoundException', `Alias arn:aws:kms:${REGION}:${ACCT}:${name} is not found.`);
    await expectAwsError(kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: a.KeyId })), 'NotFoundException');
  });

  test("refuses AWS's invalid and reserved names, duplicates and aliases of aliases", async () => {
    const k = await newKey();
    const name = aliasName();
    await kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: k.KeyId }));
    await expectAwsError(
      kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: k.KeyId })),
      'AlreadyExistsException',
      `An alias with the name arn:aws:kms:${REGION}:${ACCT}:${name} already exists`,
    );
    await expectAwsError(
      kms.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: k.KeyId })),
      'ValidationException',
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
    await expectAwsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: k.KeyId })), 'NotAuthorizedException');
    await expectAwsError(kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/secretsmanager' })), 'NotAuthorizedException');
    await expectAwsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/bad name', TargetKeyId: k.KeyId })), 'ValidationException', /aliasName/);
    await expectAwsError(kms.send(new CreateAliasCommand({ AliasName: aliasName(), TargetKeyId: name })), 'ValidationException', 'Aliases must refer to keys. Not aliases');
    await expectAwsError(
      kms.send(new CreateAliasCommand({ AliasName: aliasName(), TargetKeyId: '0b7fd7e8-7d3a-4b8c-9a0e-3f1d7a4c5b6e' })),
      'NotFoundException',
      /does not exist$/,
    );
  });
});

describe('key states', () => {
  test('DisableKey stops encryption with DisabledException; EnableKey brings it back', async () => {
    const k = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: k.KeyId }));
    const d = await describeKey(k.KeyId!);
    assert.equal(d.Enabled, false);
    assert.equal(d.KeyState, 'Disabled');
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('x') })), 'DisabledException', `${k.Arn} is disabled.`);
    await kms.send(new DisableKeyCommand({ KeyId: k.KeyId }));
    await kms.send(new EnableKeyCommand({ KeyId: k.KeyId }));
    assert.equal((await describeKey(k.KeyId!)).KeyState, 'Enabled');
    await kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('x') }));
  });

  test('ScheduleKeyDeletion: 7 to 30 days, PendingDeletion refuses use and changes; CancelKeyDeletion leaves it disabled', async () => {
    const k = await newKey();
    for (const days of [6, 31]) {
      await expectAwsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId, PendingWindowInDays: days })), 'ValidationException', 'PendingWindowInDays must be between 7 and 30');
    }
    const start = Date.now();
    const s = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId, PendingWindowInDays: 7 }));
    assert.equal(s.KeyId, k.Arn);
    assert.equal(s.KeyState, 'PendingDeletion');
    assert.equal(s.PendingWindowInDays, 7);
    assert.ok(Math.abs(s.DeletionDate!.getTime() - (start + 7 * DAY)) < 60_000);
    const d = await describeKey(k.KeyId!);
    assert.equal(d.KeyState, 'PendingDeletion');
    assert.equal(d.Enabled, false);
    assert.deepEqual(d.DeletionDate, s.DeletionDate);
    const pending = `${k.Arn} is pending deletion.`;
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: k.KeyId, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException', pending);
    await expectAwsError(kms.send(new EnableKeyCommand({ KeyId: k.KeyId })), 'KMSInvalidStateException', pending);
    await expectAwsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId })), 'KMSInvalidStateException', pending);
    await expectAwsError(kms.send(new TagResourceCommand({ KeyId: k.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] })), 'KMSInvalidStateException', pending);
    await expectAwsError(kms.send(new CreateAliasCommand({ AliasName: aliasName(), TargetKeyId: k.KeyId })), 'KMSInvalidStateException', pending);
    assert.ok((await kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default' }))).Policy, 'reads still work');
    const c = await kms.send(new CancelKeyDeletionCommand({ KeyId: k.KeyId }));
    assert.equal(c.KeyId, k.Arn);
    const after = await describeKey(k.KeyId!);
    assert.equal(after.KeyState, 'Disabled');
    assert.equal(after.DeletionDate, undefined);
    await expectAwsError(kms.send(new CancelKeyDeletionCommand({ KeyId: k.KeyId })), 'KMSInvalidStateException', `${k.Arn} is not pending deletion.`);
    const def = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId }));
    assert.equal(def.PendingWindowInDays, 30, 'the default window');
  });

  test('UpdateKeyDescription', async () => {
    const k = await newKey('before');
    await kms.send(new UpdateKeyDescriptionCommand({ KeyId: k.KeyId, Description: 'after' }));
    assert.equal((await describeKey(k.KeyId!)).Description, 'after');
  });
});

describe('key policies', () => {
  test('every key has the default key policy until PutKeyPolicy replaces it', async () => {
    const k = await newKey();
    const def = await kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default' }));
    assert.deepEqual(JSON.parse(def.Policy!), {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
      ],
    });
    assert.deepEqual((await kms.send(new ListKeyPoliciesCommand({ KeyId: k.KeyId }))).PolicyNames, ['default']);
    const next = keyPolicy(`arn:aws:iam::${ACCT}:root`);
    await kms.send(new PutKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default', Policy: next }));
    assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default' }))).Policy, next);
    await expectAwsError(kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'other' })), 'NotFoundException', 'No such policy exists');
  });

  test('PolicyName is required, as the model Coffer serves has it (newer SDKs let it be omitted)', async () => {
    const k = await newKey();
    const required = "1 validation error detected: Value null at 'policyName' failed to satisfy constraint: Member must not be null";
    await expectAwsError(kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId })), 'ValidationException', required);
    const before = (await kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default' }))).Policy;
    await expectAwsError(kms.send(new PutKeyPolicyCommand({ KeyId: k.KeyId, Policy: keyPolicy(`arn:aws:iam::${ACCT}:root`) })), 'ValidationException', required);
    assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default' }))).Policy, before, 'nothing changed');
  });

  test('malformed and self-locking policies are refused and change nothing', async () => {
    const k = await newKey();
    const before = (await kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default' }))).Policy;
    const bad = [
      'not json',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Resource: '*' }] }),
    ];
    for (const policy of bad) {
      await expectAwsError(kms.send(new PutKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default', Policy: policy })), 'MalformedPolicyDocumentException');
    }
    await expectAwsError(
      kms.send(new PutKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default', Policy: keyPolicy('arn:aws:iam::111122223333:root') })),
      'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.',
    );
    assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default' }))).Policy, before);
  });

  test('the AWS-managed aws/secretsmanager key has its managed policy and cannot be managed', async () => {
    const m = await describeKey('alias/aws/secretsmanager');
    assert.equal(m.KeyManager, 'AWS');
    const p = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: 'alias/aws/secretsmanager', PolicyName: 'default' }))).Policy!);
    assert.equal(p.Id, 'auto-secretsmanager-2');
    assert.equal(p.Statement[0].Condition.StringEquals['kms:CallerAccount'], ACCT);
    assert.equal(p.Statement[0].Condition.StringEquals['kms:ViaService'], `secretsmanager.${REGION}.amazonaws.com`);
    const denied = (action: string) =>
      `User: arn:aws:iam::${ACCT}:user/admin is not authorized to perform: kms:${action} on resource: ${m.Arn} because no resource-based policy allows the kms:${action} action.`;
    await expectAwsError(kms.send(new DisableKeyCommand({ KeyId: m.KeyId })), 'AccessDeniedException', denied('DisableKey'));
    await expectAwsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: m.KeyId })), 'AccessDeniedException', denied('ScheduleKeyDeletion'));
    await expectAwsError(kms.send(new PutKeyPolicyCommand({ KeyId: m.KeyId, PolicyName: 'default', Policy: keyPolicy('*') })), 'AccessDeniedException', denied('PutKeyPolicy'));
    assert.equal((await describeKey(m.KeyId!)).KeyState, 'Enabled');
    const r = await kms.send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId }));
    assert.equal(r.KeyRotationEnabled, true, 'AWS-managed keys rotate every year');
  });
});

describe('tags', () => {
  test('TagResource merges, UntagResource removes, ListResourceTags lists', async () => {
    const k = await newKey();
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: k.KeyId }))).Tags, []);
    await kms.send(new TagResourceCommand({ KeyId: k.KeyId, Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: '2' }] }));
    await kms.send(new TagResourceCommand({ KeyId: k.KeyId, Tags: [{ TagKey: 'a', TagValue: '3' }] }));
    const t = await kms.send(new ListResourceTagsCommand({ KeyId: k.Arn }));
    assert.deepEqual(t.Tags, [{ TagKey: 'a', TagValue: '3' }, { TagKey: 'b', TagValue: '2' }]);
    assert.equal(t.Truncated, false);
    await kms.send(new UntagResourceCommand({ KeyId: k.KeyId, TagKeys: ['a', 'none'] }));
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: k.KeyId }))).Tags, [{ TagKey: 'b', TagValue: '2' }]);
    await expectAwsError(kms.send(new TagResourceCommand({ KeyId: k.KeyId, Tags: [{ TagKey: 'aws:x', TagValue: '1' }] })), 'TagException', 'Tags beginning with aws: are reserved');
    await expectAwsError(
      kms.send(new TagResourceCommand({ KeyId: k.KeyId, Tags: [{ TagKey: 'd', TagValue: '1' }, { TagKey: 'd', TagValue: '2' }] })),
      'TagException',
      'Duplicate tag keys',
    );
  });
});

/** A key's rotation columns as the server stored them (its SQLite file; WAL, so both may open it). */
function rotationRow(arn: string): { material_version: number; rotation_period_days: number | null; next_rotation_at: number | null } {
  const db = new Database(path.join(server.dataDir, 'coffer.db'));
  db.pragma('busy_timeout = 10000');
  try {
    return db.prepare('SELECT material_version, rotation_period_days, next_rotation_at FROM kms_keys WHERE arn = ?').get(arn) as never;
  } finally {
    db.close();
  }
}

describe('rotation settings', () => {
  test('EnableKeyRotation, GetKeyRotationStatus, DisableKeyRotation', async () => {
    const k = await newKey();
    const off = await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId }));
    assert.equal(off.KeyRotationEnabled, false);
    assert.equal(off.NextRotationDate, undefined, 'not in the model Coffer serves');
    const start = Date.now();
    await kms.send(new EnableKeyRotationCommand({ KeyId: k.KeyId }));
    const on = await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId }));
    assert.equal(on.KeyRotationEnabled, true);
    assert.equal(on.RotationPeriodInDays, undefined, 'not in the model Coffer serves');
    const row = rotationRow(k.Arn!);
    assert.equal(row.rotation_period_days, 365);
    assert.ok(Math.abs(row.next_rotation_at! - (start + 365 * DAY)) < 60_000, 'first rotation a year from now');
    await kms.send(new EnableKeyRotationCommand({ KeyId: k.KeyId }));
    assert.deepEqual(rotationRow(k.Arn!), row, 'enabling again changes nothing');
    await kms.send(new DisableKeyRotationCommand({ KeyId: k.KeyId }));
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId }))).KeyRotationEnabled, false);
    await kms.send(new DisableKeyCommand({ KeyId: k.KeyId }));
    await expectAwsError(kms.send(new EnableKeyRotationCommand({ KeyId: k.KeyId })), 'DisabledException', `${k.Arn} is disabled.`);
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId }))).KeyRotationEnabled, false, 'readable while disabled');
  });

  test("the SDK's newer RotationPeriodInDays is ignored: every key rotates yearly", async () => {
    const k = await newKey();
    const start = Date.now();
    // Not in the model: dropped by the input validator, whatever its value (AWS's range is 90-2560).
    for (const days of [90, 30]) await kms.send(new EnableKeyRotationCommand({ KeyId: k.KeyId, RotationPeriodInDays: days }));
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId }))).KeyRotationEnabled, true);
    const row = rotationRow(k.Arn!);
    assert.equal(row.rotation_period_days, 365);
    assert.ok(Math.abs(row.next_rotation_at! - (start + 365 * DAY)) < 60_000);
  });
});

test('operations of the KMS model that Coffer does not serve answer UnknownOperationException', async () => {
  await expectAwsError(kms.send(new ListGrantsCommand({ KeyId: (await newKey()).KeyId })), 'UnknownOperationException');
});

test("the SDK's operations newer than the model (RotateKeyOnDemand, ListKeyRotations) answer UnknownOperationException", async () => {
  const k = await newKey();
  await expectAwsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: k.KeyId })), 'UnknownOperationException');
  await expectAwsError(kms.send(new ListKeyRotationsCommand({ KeyId: k.KeyId })), 'UnknownOperationException');
  assert.equal(rotationRow(k.Arn!).material_version, 0, 'the key was not rotated');
});
