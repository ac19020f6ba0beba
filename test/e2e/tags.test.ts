/**
 * TagResource / UntagResource end to end, through the official SDK v3 (and raw signed requests
 * where `Tags` absent vs `[]` matters) against a real `coffer serve`. Expected behaviour:
 * api-notes §5 TagResource/UntagResource and §12; the step-by-step sequence of the first test is
 * LocalStack's test_secret_tags, recorded against AWS.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  ListSecretsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type Tag,
} from '@aws-sdk/client-secrets-manager';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { MARKED_FOR_DELETION as MARKED } from '../support/aws-messages.js';
import { rawCall } from '../support/raw-request.js';
import { useServer } from '../support/use-server.js';

const { server, sm } = useServer();

async function create(tags?: Tag[]): Promise<string> {
  const name = uniqueName('tag');
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x', Tags: tags }));
  return name;
}

/** DescribeSecret's raw JSON: tells an absent `Tags` from `[]`. */
async function describeRaw(id: string): Promise<Record<string, any>> {
  const r = await rawCall(server, 'secretsmanager.DescribeSecret', { SecretId: id });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const tagsOf = async (id: string) => (await describeRaw(id)).Tags as Tag[] | undefined;
const byKey = (tags: Tag[] | undefined) => [...(tags ?? [])].sort((a, b) => (a.Key! < b.Key! ? -1 : 1));
const tag = (id: string, Tags: Tag[]) => sm.send(new TagResourceCommand({ SecretId: id, Tags }));
const untag = (id: string, TagKeys: string[]) => sm.send(new UntagResourceCommand({ SecretId: id, TagKeys }));

describe('TagResource / UntagResource', () => {
  test('the recorded AWS sequence: absent, merged, removed one by one, then Tags: []', async () => {
    const name = await create();
    assert.equal('Tags' in (await describeRaw(name)), false, 'never tagged: Tags omitted');

    const r = await rawCall(server, 'secretsmanager.TagResource', { SecretId: name, Tags: [{ Key: 'tag1', Value: 'value1' }] });
    assert.equal(r.status, 200);
    assert.ok(r.text === '' || r.text === '{}', `empty output, got ${r.text}`);
    assert.deepEqual(await tagsOf(name), [{ Key: 'tag1', Value: 'value1' }]);
    await tag(name, [{ Key: 'tag2', Value: 'value2' }]);
    assert.deepEqual(await tagsOf(name), [{ Key: 'tag1', Value: 'value1' }, { Key: 'tag2', Value: 'value2' }]);
    await untag(name, ['tag1']);
    assert.deepEqual(await tagsOf(name), [{ Key: 'tag2', Value: 'value2' }]);
    await untag(name, ['tag2']);
    assert.deepEqual(await tagsOf(name), [], 'every tag removed: Tags: []');
    await tag(name, [{ Key: 'tag3', Value: 'value3' }, { Key: 'tag4', Value: 'value4' }]);
    assert.deepEqual(await tagsOf(name), [{ Key: 'tag3', Value: 'value3' }, { Key: 'tag4', Value: 'value4' }]);
    await untag(name, ['tag3', 'tag4']);
    assert.deepEqual(await tagsOf(name), []);
    // The SDK shows the same.
    assert.deepEqual((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Tags, []);
  });

  test('TagResource merges: new keys are added, an existing key gets the new value', async () => {
    const name = await create([{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'a' }]);
    await tag(name, [{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'me' }]);
    assert.deepEqual(byKey(await tagsOf(name)), [
      { Key: 'env', Value: 'prod' },
      { Key: 'owner', Value: 'me' },
      { Key: 'team', Value: 'a' },
    ]);
    await tag(name, [{ Key: 'team', Value: '' }]);
    assert.deepEqual(byKey(await tagsOf(name)).find((t) => t.Key === 'team'), { Key: 'team', Value: '' }, 'an empty value is a value');
  });

  test('UntagResource of keys the secret does not have is a no-op', async () => {
    const name = await create([{ Key: 'a', Value: '1' }]);
    await untag(name, ['b', 'c']);
    assert.deepEqual(await tagsOf(name), [{ Key: 'a', Value: '1' }]);
    await untag(name, ['b', 'a']);
    assert.deepEqual(await tagsOf(name), []);
  });

  test('keys are case-sensitive', async () => {
    const name = await create([{ Key: 'Env', Value: 'upper' }]);
    await tag(name, [{ Key: 'env', Value: 'lower' }]);
    assert.deepEqual(byKey(await tagsOf(name)), [
      { Key: 'Env', Value: 'upper' },
      { Key: 'env', Value: 'lower' },
    ]);
    await untag(name, ['ENV']);
    assert.equal((await tagsOf(name))!.length, 2, 'ENV names neither tag');
    await untag(name, ['env']);
    assert.deepEqual(await tagsOf(name), [{ Key: 'Env', Value: 'upper' }]);
  });

  test("keys starting with 'aws:' are reserved: InvalidParameterException, nothing changes", async () => {
    const name = await create([{ Key: 'keep', Value: '1' }]);
    const before = await describeRaw(name);
    for (const Key of ['aws:owner', 'AWS:owner']) {
      await expectAwsError(
        tag(name, [{ Key: 'fine', Value: '1' }, { Key, Value: 'x' }]),
        'InvalidParameterException',
        `Invalid tag key: ${Key}. Tag keys that start with 'aws:' are reserved for AWS use.`,
      );
    }
    assert.deepEqual(await describeRaw(name), before, 'neither tag was added, nothing else moved');
    await tag(name, [{ Key: 'awsome', Value: 'ok' }]);

    const other = uniqueName('tag');
    await expectAwsError(
      sm.send(new CreateSecretCommand({ Name: other, SecretString: 'x', Tags: [{ Key: 'aws:x', Value: 'y' }] })),
      'InvalidParameterException',
      "Invalid tag key: aws:x. Tag keys that start with 'aws:' are reserved for AWS use.",
    );
    await expectAwsError(sm.send(new DescribeSecretCommand({ SecretId: other })), 'ResourceNotFoundException');
  });

  test('a tag without a Key is refused as a bad parameter, not an internal error', async () => {
    const name = await create([{ Key: 'keep', Value: '1' }]);
    const r = await rawCall(server, 'secretsmanager.TagResource', { SecretId: name, Tags: [{ Value: 'orphan' }] });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json, { __type: 'InvalidParameterException', Message: 'Each tag must have a Key.' });
    assert.deepEqual(await tagsOf(name), [{ Key: 'keep', Value: '1' }]);
    const c = await rawCall(server, 'secretsmanager.CreateSecret', { Name: uniqueName('tag'), Tags: [{ Value: 'orphan' }] });
    assert.equal(c.status, 400, c.text);
    assert.equal(c.json.__type, 'InvalidParameterException');
  });

  test('model limits: key 1..128, value 0..256 characters', async () => {
    const name = await create();
    await tag(name, [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }]);
    await expectAwsError(
      tag(name, [{ Key: 'k'.repeat(129), Value: 'v' }]),
      'ValidationException',
      /^1 validation error detected: Value '.*' at 'tags\.1\.member\.key' failed to satisfy constraint: Member must have length less than or equal to 128$/,
    );
    await expectAwsError(
      tag(name, [{ Key: 'ok', Value: 'v' }, { Key: 'k', Value: 'v'.repeat(257) }]),
      'ValidationException',
      /at 'tags\.2\.member\.value' failed to satisfy constraint: Member must have length less than or equal to 256$/,
    );
    // A list of strings reports its member constraints on the list, Coral-style.
    await expectAwsError(
      untag(name, ['']),
      'ValidationException',
      /at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: \[.*Member must have length greater than or equal to 1\]$/,
    );
    assert.deepEqual(await tagsOf(name), [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }]);
  });

  test('tags work by ARN and show in ListSecrets', async () => {
    const name = await create();
    const { ARN } = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    await tag(ARN!, [{ Key: 'via', Value: 'arn' }]);
    const l = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }] }));
    assert.deepEqual(l.SecretList![0]!.Tags, [{ Key: 'via', Value: 'arn' }]);
    await untag(ARN!.slice(0, -7), ['via']);
    assert.deepEqual(await tagsOf(name), []);
  });

  test('on a secret scheduled for deletion both are InvalidRequestException; tags stay as they were', async () => {
    const name = await create([{ Key: 'a', Value: '1' }]);
    await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    await expectAwsError(tag(name, [{ Key: 'b', Value: '2' }]), 'InvalidRequestException', MARKED);
    await expectAwsError(untag(name, ['a']), 'InvalidRequestException', MARKED);
    assert.deepEqual(await tagsOf(name), [{ Key: 'a', Value: '1' }]);
  });

  test('an unknown secret is ResourceNotFoundException', async () => {
    const missing = uniqueName('missing');
    await expectAwsError(tag(missing, [{ Key: 'a', Value: '1' }]), 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    await expectAwsError(untag(missing, ['a']), 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  });
});
