import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { before, describe, it } from 'node:test';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { clockTick, expectAwsError, uniqueName } from '../support/aws-expect.js';
import { INVALID_NAME, NOT_FOUND } from '../support/aws-messages.js';
import { assertMembers, rawOk, secretState, assertUnchanged } from '../support/secret-state.js';
import { useServer } from '../support/use-server.js';

// CreateSecret and GetSecretValue end to end, through the AWS SDK v3 and raw signed requests
// (api-notes §3, §4, §5 CreateSecret/GetSecretValue, §11).

const ARN_PREFIX = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:';
const tooLong = (member: string, max: number) =>
  `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

describe('CreateSecret and GetSecretValue', () => {
  const { server, sm } = useServer();

  describe('CreateSecret', () => {
    it('with SecretString answers {ARN, Name, VersionId} and the value reads back as AWSCURRENT', async () => {
      const name = uniqueName('create/string');
      const token = crypto.randomUUID();
      const created = await rawOk(server, 'CreateSecret', { Name: name, SecretString: 'hunter2', ClientRequestToken: token });
      assertMembers(created, ['ARN', 'Name', 'VersionId']);
      assert.equal(created.Name, name);
      assert.equal(created.VersionId, token, 'the first version id is the ClientRequestToken');
      assert.match(created.ARN, new RegExp(`^${escapeRe(ARN_PREFIX + name)}-[A-Za-z0-9]{6}$`));

      const got = await rawOk(server, 'GetSecretValue', { SecretId: name });
      assertMembers(got, ['ARN', 'Name', 'VersionId', 'SecretString', 'VersionStages', 'CreatedDate']);
      assert.deepEqual(
        { ...got, CreatedDate: typeof got.CreatedDate },
        { ARN: created.ARN, Name: name, VersionId: token, SecretString: 'hunter2', VersionStages: ['AWSCURRENT'], CreatedDate: 'number' },
      );
      const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
      assert.deepEqual(d.VersionIdsToStages, { [token]: ['AWSCURRENT'] });
    });

    it('with SecretBinary round-trips every byte exactly and returns no SecretString', async () => {
      const name = uniqueName('create/binary');
      const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), crypto.randomBytes(1000)]);
      const created = await sm.send(new CreateSecretCommand({ Name: name, SecretBinary: bytes }));
      assertMembers(created, ['ARN', 'Name', 'VersionId']);
      const got = await sm.send(new GetSecretValueCommand({ SecretId: name }));
      assertMembers(got, ['ARN', 'Name', 'VersionId', 'SecretBinary', 'VersionStages', 'CreatedDate']);
      assert.ok(Buffer.from(got.SecretBinary!).equals(bytes), 'binary value differs');
      const raw = await rawOk(server, 'GetSecretValue', { SecretId: name });
      assert.equal(raw.SecretBinary, bytes.toString('base64'), 'SecretBinary is base64 on the wire');
    });

    it('gives every secret a new ARN suffix of six mixed-case alphanumerics', async () => {
      const suffixes: string[] = [];
      for (let i = 0; i < 20; i++) {
        const name = uniqueName('create/arn');
        const { ARN } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
        const m = new RegExp(`^${escapeRe(ARN_PREFIX + name)}-([A-Za-z0-9]{6})$`).exec(ARN!);
        assert.ok(m, `bad ARN ${ARN}`);
        suffixes.push(m[1]!);
      }
      assert.equal(new Set(suffixes).size, suffixes.length, 'suffixes repeat');
      // 120 random characters from 62: all three classes appear (failure odds below 1e-27).
      const all = suffixes.join('');
      assert.match(all, /[A-Z]/);
      assert.match(all, /[a-z]/);
      assert.match(all, /[0-9]/);
    });

    it('without a value creates a secret with no version; the first PutSecretValue becomes AWSCURRENT', async () => {
      const name = uniqueName('create/empty');
      const created = await sm.send(new CreateSecretCommand({ Name: name, Description: 'later' }));
      assertMembers(created, ['ARN', 'Name']);
      const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
      assert.equal(d.VersionIdsToStages, undefined);
      await expectAwsError(
        sm.send(new GetSecretValueCommand({ SecretId: name })),
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
      );
      const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
      assert.deepEqual(listed.Versions, []);

      const put = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'first' }));
      assert.deepEqual(put.VersionStages, ['AWSCURRENT']);
      const got = await sm.send(new GetSecretValueCommand({ SecretId: name }));
      assert.equal(got.SecretString, 'first');
      assert.equal(got.VersionId, put.VersionId);
    });

    it('accepts every allowed name character and rejects others with ValidationException', async () => {
      const good = `Valid/_+=.@-Name.${crypto.randomUUID().slice(0, 8)}`;
      await sm.send(new CreateSecretCommand({ Name: good, SecretString: 'ok' }));
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: good }))).SecretString, 'ok');
      for (const bad of ['Inv Name', ' Inv*Name? ', 'Inv#Name', 'Inv%Name', 'na\u00efve', 'tab\tname']) {
        await expectAwsError(sm.send(new CreateSecretCommand({ Name: bad, SecretString: 'x' })), 'ValidationException', INVALID_NAME);
        await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: bad })), 'ValidationException', INVALID_NAME);
      }
    });

    it('reports model violations in the "N validation errors detected" format', async () => {
      const long = 'n'.repeat(513);
      await expectAwsError(
        sm.send(new CreateSecretCommand({ Name: long, SecretString: 'x' })),
        'ValidationException',
        `1 validation error detected: Value '${long}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 512`,
      );
      const err = await expectAwsError(
        sm.send(new CreateSecretCommand({ Name: long, Description: 'd'.repeat(2049), SecretString: 'x' })),
        'ValidationException',
      );
      assert.match(err.message, /^2 validation errors detected: /);
      assert.ok(err.message.includes("at 'name' failed to satisfy constraint: Member must have length less than or equal to 512"));
      assert.ok(err.message.includes("at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048"));
      await expectAwsError(
        sm.send(new CreateSecretCommand({ Name: uniqueName('create/empty-string'), SecretString: '' })),
        'ValidationException',
        "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    });

    it('refuses a name that exists with ResourceExistsException and leaves the secret alone', async () => {
      const name = uniqueName('create/dup');
      await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'original', Description: 'd1' }));
      const before = await secretState(sm, name);
      await expectAwsError(
        sm.send(new CreateSecretCommand({ Name: name, SecretString: 'other', Description: 'd2' })),
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
      await expectAwsError(
        sm.send(new CreateSecretCommand({ Name: name })),
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
      await assertUnchanged(sm, name, before);
    });

    it('stores Description and Tags; an empty Description is not reported', async () => {
      const name = uniqueName('create/meta');
      const tags = [
        { Key: 'team', Value: 'payments' },
        { Key: 'env', Value: '' },
      ];
      await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v', Description: 'the db password', Tags: tags }));
      const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
      assert.equal(d.Description, 'the db password');
      assert.deepEqual(d.Tags, tags);
      assert.equal(d.KmsKeyId, undefined, 'the default key is not reported');

      // AWS omits an empty Description (LocalStack snapshot test_create_secret_version_from_empty_secret).
      const bare = uniqueName('create/nodesc');
      await sm.send(new CreateSecretCommand({ Name: bare, Description: '' }));
      const d2 = await rawOk(server, 'DescribeSecret', { SecretId: bare });
      assertMembers(d2, ['ARN', 'Name', 'LastChangedDate', 'CreatedDate']);
    });

    it('accepts KmsKeyId alias/aws/secretsmanager and refuses an unknown key without creating anything', async () => {
      const name = uniqueName('create/kms');
      await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'k', KmsKeyId: 'alias/aws/secretsmanager' }));
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'k');

      for (const KmsKeyId of ['alias/no-such-key', '0b0c0a8e-0000-4000-8000-000000000000']) {
        const missing = uniqueName('create/kms-missing');
        await expectAwsError(
          sm.send(new CreateSecretCommand({ Name: missing, SecretString: 'k', KmsKeyId })),
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified KMS key.",
        );
        await expectAwsError(sm.send(new CreateSecretCommand({ Name: missing, KmsKeyId })), 'ResourceNotFoundException');
        await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: missing })), 'ResourceNotFoundException', NOT_FOUND);
      }
    });

    it('holds values up to 65536 bytes, counted in UTF-8 for strings, and refuses one byte more', async () => {
      const cases: { value: { SecretString: string } | { SecretBinary: Uint8Array }; ok: boolean; member: string }[] = [
        { value: { SecretString: 'x'.repeat(65536) }, ok: true, member: 'secretString' },
        { value: { SecretString: 'x'.repeat(65537) }, ok: false, member: 'secretString' },
        { value: { SecretString: '\u00e9'.repeat(32768) }, ok: true, member: 'secretString' }, // 65536 bytes
        { value: { SecretString: '\u00e9'.repeat(32768) + 'x' }, ok: false, member: 'secretString' }, // 65537 bytes
        { value: { SecretString: '\u{1F511}'.repeat(16385) }, ok: false, member: 'secretString' }, // 65540 bytes
        { value: { SecretBinary: crypto.randomBytes(65536) }, ok: true, member: 'secretBinary' },
        { value: { SecretBinary: crypto.randomBytes(65537) }, ok: false, member: 'secretBinary' },
      ];
      for (const c of cases) {
        const name = uniqueName('create/size');
        const p = sm.send(new CreateSecretCommand({ Name: name, ...c.value }));
        if (!c.ok) {
          await expectAwsError(p, 'ValidationException', tooLong(c.member, 65536));
          await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: name })), 'ResourceNotFoundException', NOT_FOUND);
          continue;
        }
        await p;
        const got = await sm.send(new GetSecretValueCommand({ SecretId: name }));
        if ('SecretString' in c.value) assert.equal(got.SecretString, c.value.SecretString);
        else assert.ok(Buffer.from(got.SecretBinary!).equals(Buffer.from(c.value.SecretBinary)));
      }
    });
  });

  describe('GetSecretValue', () => {
    let name: string;
    let arn: string;
    let v1: string;
    let v2: string;

    before(async () => {
      name = uniqueName('get/versions');
      const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
      arn = c.ARN!;
      v1 = c.VersionId!;
      await clockTick(10); // the second version gets a later CreatedDate
      const p = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two', VersionStages: ['AWSPENDING', 'custom'] }));
      v2 = p.VersionId!;
    });

    it('finds the secret by name, full ARN and partial ARN (without the suffix)', async () => {
      for (const id of [name, arn, arn.slice(0, -7)]) {
        const got = await sm.send(new GetSecretValueCommand({ SecretId: id }));
        assert.equal(got.ARN, arn, id);
        assert.equal(got.Name, name);
        assert.equal(got.SecretString, 'one');
      }
    });

    it('takes a name ending in "-" and six characters for a full ARN, so its partial ARN finds nothing [LS]', async () => {
      const base = uniqueName('get/arn-trap');
      for (const [name, partialWorks] of [
        [`${base}-a1b2c3`, false],
        [`${base}-a1b2c3-`, true],
        [`${base}-a1b2`, true],
      ] as const) {
        const { ARN } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'trap' }));
        assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: ARN }))).Name, name);
        const partial = sm.send(new GetSecretValueCommand({ SecretId: ARN!.slice(0, -7) }));
        if (partialWorks) assert.equal((await partial).ARN, ARN);
        else await expectAwsError(partial, 'ResourceNotFoundException', NOT_FOUND);
      }
    });

    it('answers ResourceNotFoundException for unknown names and ARNs', async () => {
      const wrongSuffix = arn.slice(0, -6) + (arn.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
      for (const id of [`${name}.nope`, wrongSuffix, `${ARN_PREFIX}no/such/secret`, name.toUpperCase()]) {
        await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: id })), 'ResourceNotFoundException', NOT_FOUND);
      }
    });

    it('picks a version by VersionId, by VersionStage, or by both when they agree', async () => {
      const byId = await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v2 }));
      assert.equal(byId.SecretString, 'two');
      assert.deepEqual(byId.VersionStages, ['AWSPENDING', 'custom'], 'all labels of the version');
      const byStage = await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'custom' }));
      assert.equal(byStage.VersionId, v2);
      const both = await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v1, VersionStage: 'AWSCURRENT' }));
      assert.equal(both.SecretString, 'one');
      assert.deepEqual(both.VersionStages, ['AWSCURRENT']);
    });

    it('reports the version CreatedDate, not the secret one', async () => {
      const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
      const first = await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v1 }));
      const second = await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v2 }));
      assert.equal(first.CreatedDate!.getTime(), d.CreatedDate!.getTime());
      assert.ok(second.CreatedDate!.getTime() > first.CreatedDate!.getTime());
    });

    it('refuses a VersionStage that is not on the VersionId, and unknown ids and labels', async () => {
      await expectAwsError(
        sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v1, VersionStage: 'AWSPENDING' })),
        'InvalidRequestException',
        'You provided a VersionStage that is not associated to the provided VersionId.',
      );
      const unknown = crypto.randomUUID();
      await expectAwsError(
        sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: unknown })),
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for VersionId: ${unknown}`,
      );
      await expectAwsError(
        sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: unknown, VersionStage: 'AWSCURRENT' })),
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for VersionId: ${unknown}`,
      );
      for (const stage of ['AWSPREVIOUS', 'nope']) {
        await expectAwsError(
          sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: stage })),
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
        );
      }
      await expectAwsError(
        sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: 'short' })),
        'ValidationException',
        "1 validation error detected: Value 'short' at 'versionId' failed to satisfy constraint: Member must have length greater than or equal to 32",
      );
    });
  });
});
