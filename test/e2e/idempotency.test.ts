import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { clockTick, expectAwsError, uniqueName } from '../support/aws-expect.js';
import { NOT_FOUND } from '../support/aws-messages.js';
import { rawCall } from '../support/raw-request.js';
import { assertMembers, assertRawError, assertUnchanged, rawOk, secretState, stagesOf } from '../support/secret-state.js';
import { useServer } from '../support/use-server.js';

// ClientRequestToken idempotency (api-notes §7): the same token with the same value is a no-op
// success, with another value a ResourceExistsException; raw requests need a token.

const NO_TOKEN = 'You must provide a ClientRequestToken value. We recommend a UUID-type value.';
const tokenInUse = (token: string, arn: string) =>
  `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${arn}.`;

describe('ClientRequestToken idempotency', () => {
  const { server, sm } = useServer();

  describe('CreateSecret', () => {
    it('retried with the same token and value answers as the first call did and changes nothing', async () => {
      for (const value of [{ SecretString: 'same' }, { SecretBinary: Buffer.from([0, 255, 7]).toString('base64') }]) {
        const body = { Name: uniqueName('idem/create'), ClientRequestToken: crypto.randomUUID(), Description: 'd', ...value };
        const first = await rawOk(server, 'CreateSecret', body);
        const before = await secretState(sm, body.Name);
        await clockTick(5);
        const again = await rawOk(server, 'CreateSecret', body);
        assertMembers(again, ['ARN', 'Name', 'VersionId']);
        assert.deepEqual(again, first);
        await assertUnchanged(sm, body.Name, before);
      }
    });

    it('with the same token and another value answers ResourceExistsException naming the token', async () => {
      const name = uniqueName('idem/create-diff');
      const token = crypto.randomUUID();
      const { ARN } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'one', ClientRequestToken: token }));
      const before = await secretState(sm, name);
      const others = [{ SecretString: 'two' }, { SecretBinary: Buffer.from('one') }];
      for (const other of others) {
        await expectAwsError(
          sm.send(new CreateSecretCommand({ Name: name, ClientRequestToken: token, ...other })),
          'ResourceExistsException',
          tokenInUse(token, ARN!),
        );
      }
      // Another token (or none, as the SDK fills one) with the same value: the name exists.
      await expectAwsError(
        sm.send(new CreateSecretCommand({ Name: name, SecretString: 'one' })),
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
      await assertUnchanged(sm, name, before);
    });
  });

  describe('PutSecretValue', () => {
    it('retried with the same token and value returns the version with its current labels and changes nothing', async () => {
      const name = uniqueName('idem/put');
      const { ARN } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
      const token = crypto.randomUUID();
      const body = { SecretId: name, SecretString: 'v2', ClientRequestToken: token };
      const first = await rawOk(server, 'PutSecretValue', body);
      assert.deepEqual(first, { ARN, Name: name, VersionId: token, VersionStages: ['AWSCURRENT'] });
      let before = await secretState(sm, name);
      await clockTick(5);
      assert.deepEqual(await rawOk(server, 'PutSecretValue', body), first);
      await assertUnchanged(sm, name, before);

      // Once a newer version is current, the retry answers with the labels the version has now.
      const v3 = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v3' }));
      before = await secretState(sm, name);
      await clockTick(5);
      const late = await rawOk(server, 'PutSecretValue', body);
      assertMembers(late, ['ARN', 'Name', 'VersionId', 'VersionStages']);
      assert.deepEqual(late, { ARN, Name: name, VersionId: token, VersionStages: ['AWSPREVIOUS'] });
      await assertUnchanged(sm, name, before);
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).VersionId, v3.VersionId);
    });

    it('with the same token and another value answers ResourceExistsException and changes nothing', async () => {
      const name = uniqueName('idem/put-diff');
      const { ARN, VersionId: v1 } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
      const before = await secretState(sm, name);
      // The token of the first version, reused for other values.
      const others = [{ SecretString: 'v2' }, { SecretString: 'v1', SecretBinary: undefined }, { SecretBinary: Buffer.from('v1') }];
      for (const [i, other] of others.entries()) {
        const p = sm.send(new PutSecretValueCommand({ SecretId: name, ClientRequestToken: v1, ...other }));
        if (i === 1) {
          await p; // same value: the no-op
          continue;
        }
        await expectAwsError(p, 'ResourceExistsException', tokenInUse(v1!, ARN!));
      }
      await assertUnchanged(sm, name, before);
    });

    it('with the token and value of the CreateSecret call answers the first version [MV]', async () => {
      const name = uniqueName('idem/create-then-put');
      const token = crypto.randomUUID();
      const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'Hello', ClientRequestToken: token }));
      const before = await secretState(sm, name);
      const put = await sm.send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: 'Hello', ClientRequestToken: token }));
      assertMembers(put, ['ARN', 'Name', 'VersionId', 'VersionStages']);
      assert.deepEqual([put.ARN, put.Name, put.VersionId, put.VersionStages], [created.ARN, name, token, ['AWSCURRENT']]);
      await assertUnchanged(sm, name, before);
    });

    it('scopes tokens to one secret', async () => {
      const a = await sm.send(new CreateSecretCommand({ Name: uniqueName('idem/scope-a'), SecretString: 'a' }));
      const bName = uniqueName('idem/scope-b');
      await sm.send(new CreateSecretCommand({ Name: bName, SecretString: 'b' }));
      const c = await sm.send(new CreateSecretCommand({ Name: uniqueName('idem/scope-c'), SecretString: 'c', ClientRequestToken: a.VersionId }));
      assert.equal(c.VersionId, a.VersionId);
      const put = await sm.send(new PutSecretValueCommand({ SecretId: bName, SecretString: 'other', ClientRequestToken: a.VersionId }));
      assert.equal(put.VersionId, a.VersionId);
      assert.deepEqual(put.VersionStages, ['AWSCURRENT']);
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: bName }))).SecretString, 'other');
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: a.ARN }))).SecretString, 'a');
    });
  });

  describe('UpdateSecret', () => {
    it('retried with the same token and value succeeds without a new version', async () => {
      const name = uniqueName('idem/update');
      const { ARN, VersionId: v1 } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
      const token = crypto.randomUUID();
      const body = { SecretId: name, SecretString: 'v2', ClientRequestToken: token };
      const first = await rawOk(server, 'UpdateSecret', { ...body, Description: 'same' });
      assert.deepEqual(first, { ARN, Name: name, VersionId: token });
      assert.deepEqual(await stagesOf(sm, name), { [v1!]: ['AWSPREVIOUS'], [token]: ['AWSCURRENT'] });
      const before = await secretState(sm, name);
      await clockTick(5);
      assert.deepEqual(await rawOk(server, 'UpdateSecret', body), first);
      assert.deepEqual(await rawOk(server, 'UpdateSecret', { ...body, Description: 'same' }), first);
      await assertUnchanged(sm, name, before); // LastChangedDate included
    });

    it('with the same token and another value answers ResourceExistsException and changes nothing', async () => {
      const name = uniqueName('idem/update-diff');
      const { ARN } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
      const token = crypto.randomUUID();
      await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'v2', ClientRequestToken: token, Description: 'd1' }));
      const before = await secretState(sm, name);
      await expectAwsError(
        sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'v3', ClientRequestToken: token, Description: 'd2' })),
        'ResourceExistsException',
        tokenInUse(token, ARN!),
      );
      await assertUnchanged(sm, name, before);
    });
  });

  describe('raw requests without ClientRequestToken', () => {
    it('are refused with InvalidRequestException before the secret is looked up', async () => {
      const missing = uniqueName('idem/no-token');
      const cases: [string, Record<string, unknown>][] = [
        ['CreateSecret', { Name: missing, SecretString: 'x' }],
        ['CreateSecret', { Name: missing, SecretBinary: Buffer.from('x').toString('base64') }],
        ['PutSecretValue', { SecretId: missing, SecretString: 'x' }],
        ['UpdateSecret', { SecretId: missing, SecretString: 'x' }],
      ];
      for (const [op, body] of cases) {
        assertRawError(await rawCall(server, `secretsmanager.${op}`, body), 'InvalidRequestException', NO_TOKEN);
      }
      await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: missing })), 'ResourceNotFoundException', NOT_FOUND);
    });

    it('change nothing on an existing secret; metadata-only writes need no token', async () => {
      const name = uniqueName('idem/no-token-existing');
      await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
      const before = await secretState(sm, name);
      for (const op of ['PutSecretValue', 'UpdateSecret']) {
        const res = await rawCall(server, `secretsmanager.${op}`, { SecretId: name, SecretString: 'v2', Description: 'no' });
        assertRawError(res, 'InvalidRequestException', NO_TOKEN);
      }
      await assertUnchanged(sm, name, before);
      const out = await rawOk(server, 'UpdateSecret', { SecretId: name, Description: 'yes' });
      assertMembers(out, ['ARN', 'Name']);
      const empty = await rawOk(server, 'CreateSecret', { Name: uniqueName('idem/no-token-empty') });
      assertMembers(empty, ['ARN', 'Name']);
    });

    it('refuses a token shorter than 32 characters with ValidationException', async () => {
      const name = uniqueName('idem/short-token');
      await expectAwsError(
        sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x', ClientRequestToken: 'short-token' })),
        'ValidationException',
        "1 validation error detected: Value 'short-token' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32",
      );
      await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: name })), 'ResourceNotFoundException', NOT_FOUND);
    });
  });
});
