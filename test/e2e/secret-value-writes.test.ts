import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { clockTick, expectAwsError, uniqueName } from '../support/aws-expect.js';
import { INVALID_NAME, MARKED_FOR_DELETION, NOT_FOUND } from '../support/aws-messages.js';
import { rawCall } from '../support/raw-request.js';
import { assertMembers, assertRawError, assertUnchanged, rawOk, secretState, stagesOf } from '../support/secret-state.js';
import { useServer } from '../support/use-server.js';

// PutSecretValue and UpdateSecret end to end, and every write on a secret scheduled for deletion
// (api-notes §4, §5 PutSecretValue/UpdateSecret, §6, §8).

const BOTH_VALUES = 'You can’t specify both a binary secret value and a string secret value in the same secret.';

describe('PutSecretValue and UpdateSecret', () => {
  const { server, sm } = useServer();

  async function create(prefix: string, value = 'v1'): Promise<{ name: string; arn: string; v1: string }> {
    const name = uniqueName(prefix);
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: value }));
    return { name, arn: c.ARN!, v1: c.VersionId! };
  }

  describe('PutSecretValue', () => {
    it('makes the new version AWSCURRENT; the old one gets AWSPREVIOUS, taken from the one before', async () => {
      const { name, arn, v1 } = await create('put/rotate');
      const v2 = crypto.randomUUID();
      const put = await rawOk(server, 'PutSecretValue', { SecretId: name, SecretString: 'v2', ClientRequestToken: v2 });
      assertMembers(put, ['ARN', 'Name', 'VersionId', 'VersionStages']);
      assert.deepEqual(put, { ARN: arn, Name: name, VersionId: v2, VersionStages: ['AWSCURRENT'] });
      assert.deepEqual(await stagesOf(sm, name), { [v1]: ['AWSPREVIOUS'], [v2]: ['AWSCURRENT'] });
      const prev = await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }));
      assert.equal(prev.SecretString, 'v1');

      const p3 = await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'v3' }));
      assert.deepEqual(await stagesOf(sm, name), { [v2]: ['AWSPREVIOUS'], [p3.VersionId!]: ['AWSCURRENT'] });
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'v3');
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }))).SecretString, 'v2');
    });

    it('stores a binary value on a secret that held a string', async () => {
      const { name } = await create('put/kind');
      const bytes = crypto.randomBytes(64);
      await sm.send(new PutSecretValueCommand({ SecretId: name, SecretBinary: bytes }));
      const got = await sm.send(new GetSecretValueCommand({ SecretId: name }));
      assertMembers(got, ['ARN', 'Name', 'VersionId', 'SecretBinary', 'VersionStages', 'CreatedDate']);
      assert.ok(Buffer.from(got.SecretBinary!).equals(bytes));
    });

    it('refuses a request with neither value, or with both, and changes nothing', async () => {
      const { name } = await create('put/value-rules');
      const before = await secretState(sm, name);
      await expectAwsError(
        sm.send(new PutSecretValueCommand({ SecretId: name })),
        'InvalidRequestException',
        'You must provide either SecretString or SecretBinary.',
      );
      const both = { SecretString: 'a', SecretBinary: Buffer.from('b').toString('base64'), ClientRequestToken: crypto.randomUUID() };
      assertRawError(await rawCall(server, 'secretsmanager.PutSecretValue', { SecretId: name, ...both }), 'InvalidParameterException', BOTH_VALUES);
      assertRawError(await rawCall(server, 'secretsmanager.UpdateSecret', { SecretId: name, ...both }), 'InvalidParameterException', BOTH_VALUES);
      await assertUnchanged(sm, name, before);

      const fresh = uniqueName('put/both-create');
      assertRawError(await rawCall(server, 'secretsmanager.CreateSecret', { Name: fresh, ...both }), 'InvalidParameterException', BOTH_VALUES);
      await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: fresh })), 'ResourceNotFoundException', NOT_FOUND);
    });

    it('refuses oversized values (counted in UTF-8 bytes) and changes nothing', async () => {
      const { name } = await create('put/size');
      const before = await secretState(sm, name);
      const big = '\u00e9'.repeat(32768) + 'x'; // 32769 characters, 65537 bytes
      const msg =
        "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536";
      await expectAwsError(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: big })), 'ValidationException', msg);
      await expectAwsError(sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: big, Description: 'no' })), 'ValidationException', msg);
      await expectAwsError(
        sm.send(new PutSecretValueCommand({ SecretId: name, SecretBinary: new Uint8Array(65537) })),
        'ValidationException',
        "1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: Member must have length less than or equal to 65536",
      );
      await assertUnchanged(sm, name, before);
    });

    it('answers ResourceNotFoundException for an unknown secret and ValidationException for a bad id', async () => {
      await expectAwsError(sm.send(new PutSecretValueCommand({ SecretId: uniqueName('put/none'), SecretString: 'x' })), 'ResourceNotFoundException', NOT_FOUND);
      await expectAwsError(sm.send(new UpdateSecretCommand({ SecretId: uniqueName('put/none'), Description: 'x' })), 'ResourceNotFoundException', NOT_FOUND);
      await expectAwsError(sm.send(new PutSecretValueCommand({ SecretId: 'bad name', SecretString: 'x' })), 'ValidationException', INVALID_NAME);
      await expectAwsError(sm.send(new UpdateSecretCommand({ SecretId: 'bad*name', SecretString: 'x' })), 'ValidationException', INVALID_NAME);
    });

    it('moves LastChangedDate forward on a write, not on a read', async () => {
      const { name } = await create('put/changed');
      const t0 = (await sm.send(new DescribeSecretCommand({ SecretId: name }))).LastChangedDate!.getTime();
      await clockTick(10);
      await sm.send(new GetSecretValueCommand({ SecretId: name }));
      await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }));
      assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: name }))).LastChangedDate!.getTime(), t0, 'a read changed it');
      await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2' }));
      const t1 = (await sm.send(new DescribeSecretCommand({ SecretId: name }))).LastChangedDate!.getTime();
      assert.ok(t1 > t0, `LastChangedDate ${t1} did not advance past ${t0}`);
    });
  });

  describe('UpdateSecret', () => {
    it('with metadata only answers {ARN, Name}, creates no version and moves LastChangedDate', async () => {
      const { name, arn, v1 } = await create('update/meta');
      const before = await sm.send(new DescribeSecretCommand({ SecretId: name }));
      await clockTick(10);
      const out = await rawOk(server, 'UpdateSecret', { SecretId: name, Description: 'new words' });
      assertMembers(out, ['ARN', 'Name']);
      assert.deepEqual(out, { ARN: arn, Name: name });
      const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
      assert.equal(d.Description, 'new words');
      assert.deepEqual(d.VersionIdsToStages, { [v1]: ['AWSCURRENT'] });
      assert.ok(d.LastChangedDate!.getTime() > before.LastChangedDate!.getTime());
      // The SDK fills ClientRequestToken even without a value; still no version is created.
      const sdk = await sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'again' }));
      assertMembers(sdk, ['ARN', 'Name']);
      const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
      assert.deepEqual(listed.Versions!.map((v) => v.VersionId), [v1]);
    });

    it('with a value creates a new AWSCURRENT version and keeps the description', async () => {
      const { name, arn, v1 } = await create('update/value');
      await sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'kept' }));
      const token = crypto.randomUUID();
      const out = await rawOk(server, 'UpdateSecret', { SecretId: name, SecretString: 'v2', ClientRequestToken: token });
      assert.deepEqual(out, { ARN: arn, Name: name, VersionId: token });
      assert.deepEqual(await stagesOf(sm, name), { [v1]: ['AWSPREVIOUS'], [token]: ['AWSCURRENT'] });
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'v2');
      assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Description, 'kept');

      // Even the same value makes a new version (api-notes §5 UpdateSecret).
      const again = await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'v2' }));
      assert.deepEqual(await stagesOf(sm, name), { [token]: ['AWSPREVIOUS'], [again.VersionId!]: ['AWSCURRENT'] });
    });

    it('gives a secret created without a value its first, AWSCURRENT, version', async () => {
      const name = uniqueName('update/first');
      await sm.send(new CreateSecretCommand({ Name: name }));
      const out = await sm.send(new UpdateSecretCommand({ SecretId: name, SecretBinary: Buffer.from([0, 1, 2]) }));
      assert.deepEqual(await stagesOf(sm, name), { [out.VersionId!]: ['AWSCURRENT'] });
    });

    it('changes and clears the description; an empty one is not reported', async () => {
      const { name } = await create('update/desc');
      await sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'first' }));
      await sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'second' }));
      assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Description, 'second');
      await sm.send(new UpdateSecretCommand({ SecretId: name, Description: '' }));
      const d = await rawOk(server, 'DescribeSecret', { SecretId: name });
      assert.equal('Description' in d, false, 'Description must be omitted');
    });

    it('switches KmsKeyId to alias/aws/secretsmanager and back to the default with ""', async () => {
      const { name, v1 } = await create('update/kms');
      await sm.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: 'alias/aws/secretsmanager' }));
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'v1');
      await sm.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: '' }));
      const d = await rawOk(server, 'DescribeSecret', { SecretId: name });
      assert.equal('KmsKeyId' in d, false, 'the default key is not reported');
      const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }));
      assert.deepEqual(listed.Versions!.map((v) => [v.VersionId, v.KmsKeyIds]), [[v1, ['DefaultEncryptionKey']]]);
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'v1');
    });

    it('refuses an unknown KMS key and applies nothing of the request', async () => {
      const { name } = await create('update/kms-missing');
      await sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'before' }));
      const before = await secretState(sm, name);
      await expectAwsError(
        sm.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: 'alias/no-such-key', Description: 'after', SecretString: 'v2' })),
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified KMS key.",
      );
      await assertUnchanged(sm, name, before);
    });
  });

  describe('on a secret scheduled for deletion', () => {
    it('GetSecretValue, PutSecretValue, UpdateSecret and UpdateSecretVersionStage answer InvalidRequestException', async () => {
      const { name, v1 } = await create('deleted/ops');
      const { VersionId: v2 } = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'p', VersionStages: ['AWSPENDING'] }));
      await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
      const before = await secretState(sm, name);
      assert.ok(before.describe.DeletedDate instanceof Date, 'DescribeSecret still answers, with DeletedDate');

      const calls: (() => Promise<unknown>)[] = [
        () => sm.send(new GetSecretValueCommand({ SecretId: name })),
        () => sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v1 })),
        () => sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'new' })),
        () => sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'new' })),
        () => sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'new' })),
        () => sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', MoveToVersionId: v2, RemoveFromVersionId: v1 })),
        () => sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSPENDING', RemoveFromVersionId: v2 })),
      ];
      for (const call of calls) await expectAwsError(call(), 'InvalidRequestException', MARKED_FOR_DELETION);
      await assertUnchanged(sm, name, before);
    });
  });
});
