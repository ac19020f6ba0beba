/**
 * BatchGetSecretValue, GetRandomPassword and the operations that are not implemented yet, end to
 * end through the official SDK v3 (raw signed requests where the exact wire body matters) against
 * a real `coffer serve`. Expected behaviour: api-notes §5 (BatchGetSecretValue,
 * GetRandomPassword), §8, §10.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  type GetRandomPasswordCommandInput,
} from '@aws-sdk/client-secrets-manager';
import { expectAwsError, uniqueName } from '../support/aws-expect.js';
import { MARKED_FOR_DELETION as MARKED, NOT_FOUND } from '../support/aws-messages.js';
import { rawCall } from '../support/raw-request.js';
import { useServer } from '../support/use-server.js';

const { server, sm } = useServer();

const EITHER = "Either 'SecretIdList' or 'Filters' must be provided, but not both.";

describe('BatchGetSecretValue', () => {
  const p = uniqueName('bat');
  const names = ['one', 'two', 'three', 'four', 'five'].map((n) => `${p}/${n}`);
  const deleted = `${p}/deleted`;
  const empty = `${p}/empty`;
  const arns: Record<string, string> = {};

  before(async () => {
    for (const n of names) arns[n] = (await sm.send(new CreateSecretCommand({ Name: n, SecretString: `value of ${n}` }))).ARN!;
    // A newer version that is only AWSPENDING: the batch must still return AWSCURRENT.
    await sm.send(new PutSecretValueCommand({ SecretId: names[1], SecretString: 'pending', VersionStages: ['AWSPENDING'] }));
    await sm.send(new CreateSecretCommand({ Name: deleted, SecretString: 'x' }));
    await sm.send(new DeleteSecretCommand({ SecretId: deleted, RecoveryWindowInDays: 7 }));
    await sm.send(new CreateSecretCommand({ Name: empty }));
  });

  test('by SecretIdList: values of existing secrets, per-item errors for the rest', async () => {
    const missing = `${p}/missing`;
    const ids = [names[0]!, arns[names[1]!]!, missing, deleted, empty];
    const r = await rawCall(server, 'secretsmanager.BatchGetSecretValue', { SecretIdList: ids });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['Errors', 'SecretValues']);
    const values = r.json.SecretValues as Record<string, any>[];
    assert.deepEqual(values.map((v) => v.Name).sort(), [names[0], names[1]].sort());
    for (const v of values) {
      assert.deepEqual(Object.keys(v).sort(), ['ARN', 'CreatedDate', 'Name', 'SecretString', 'VersionId', 'VersionStages']);
      assert.equal(v.ARN, arns[v.Name]);
      assert.equal(v.SecretString, `value of ${v.Name}`, 'the AWSCURRENT value');
      assert.deepEqual(v.VersionStages, ['AWSCURRENT']);
      const single = await sm.send(new GetSecretValueCommand({ SecretId: v.Name }));
      assert.equal(v.VersionId, single.VersionId);
      assert.equal(v.CreatedDate, single.CreatedDate!.getTime() / 1000);
    }
    const errs = [...(r.json.Errors as Record<string, any>[])].sort((a, b) => (a.SecretId < b.SecretId ? -1 : 1));
    assert.deepEqual(errs, [
      { SecretId: deleted, ErrorCode: 'InvalidRequestException', Message: MARKED },
      {
        SecretId: empty,
        ErrorCode: 'ResourceNotFoundException',
        Message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
      },
      { SecretId: missing, ErrorCode: 'ResourceNotFoundException', Message: NOT_FOUND },
    ]);
  });

  test('through the SDK: all found means an empty Errors list', async () => {
    const out = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: names.slice(0, 3) }));
    assert.deepEqual(out.SecretValues!.map((v) => v.Name).sort(), names.slice(0, 3).sort());
    assert.deepEqual(out.Errors ?? [], []);
    assert.equal(out.NextToken, undefined);
  });

  test('by Filters: MaxResults pages with NextToken, each secret once, deleted ones left out', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let NextToken: string | undefined;
    do {
      const page = await sm.send(
        new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [p] }], MaxResults: 2, NextToken }),
      );
      sizes.push(page.SecretValues!.length);
      for (const v of page.SecretValues!) {
        seen.push(v.Name!);
        assert.equal(v.SecretString, `value of ${v.Name}`);
        assert.deepEqual(v.VersionStages, ['AWSCURRENT']);
      }
      // The value-less secret matches the filter but has no AWSCURRENT value.
      for (const e of page.Errors ?? []) {
        assert.equal(e.ErrorCode, 'ResourceNotFoundException');
        assert.equal(e.SecretId, (await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [empty] }] }))).SecretList![0]!.ARN);
        seen.push(empty);
      }
      NextToken = page.NextToken;
      assert.ok(sizes.length < 10, 'paging terminates');
    } while (NextToken);
    assert.deepEqual(seen, [...names, empty], 'creation order, the scheduled secret not listed');
    assert.ok(sizes.every((n) => n <= 2));
  });

  test('SecretIdList and Filters together, or neither, is InvalidParameterException', async () => {
    await expectAwsError(
      sm.send(new BatchGetSecretValueCommand({ SecretIdList: [names[0]!], Filters: [{ Key: 'name', Values: [p] }] })),
      'InvalidParameterException',
      EITHER,
    );
    await expectAwsError(sm.send(new BatchGetSecretValueCommand({})), 'InvalidParameterException', EITHER);
  });

  test('MaxResults without Filters is InvalidParameterException', async () => {
    await expectAwsError(
      sm.send(new BatchGetSecretValueCommand({ SecretIdList: [names[0]!], MaxResults: 5 })),
      'InvalidParameterException',
      "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.",
    );
  });

  test('model limits and a bad NextToken', async () => {
    await expectAwsError(
      sm.send(new BatchGetSecretValueCommand({ SecretIdList: Array.from({ length: 21 }, (_, i) => `${p}/${i}`) })),
      'ValidationException',
      /at 'secretIdList' failed to satisfy constraint: Member must have length less than or equal to 20$/,
    );
    await expectAwsError(
      sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [p] }], MaxResults: 21 })),
      'ValidationException',
      /at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 20$/,
    );
    await expectAwsError(
      sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [p] }], NextToken: 'garbage' })),
      'InvalidNextTokenException',
    );
  });
});

describe('GetRandomPassword', () => {
  const LOWER = /[a-z]/;
  const UPPER = /[A-Z]/;
  const DIGIT = /[0-9]/;
  const PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
  const ALLOWED = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]*$/;

  async function passwords(input: GetRandomPasswordCommandInput, n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await sm.send(new GetRandomPasswordCommand(input))).RandomPassword!);
    return out;
  }

  test('defaults: 32 characters, at least one of each class, no space', async () => {
    const r = await rawCall(server, 'secretsmanager.GetRandomPassword', {});
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ['RandomPassword']);
    for (const pw of [r.json.RandomPassword as string, ...(await passwords({}, 50))]) {
      assert.equal(pw.length, 32);
      assert.match(pw, ALLOWED);
      for (const cls of [LOWER, UPPER, DIGIT, PUNCT]) assert.match(pw, cls);
    }
  });

  test('PasswordLength is exact, from 1 to 4096', async () => {
    for (const len of [1, 4, 57, 4096]) {
      const [pw] = await passwords({ PasswordLength: len, RequireEachIncludedType: len >= 4 }, 1);
      assert.equal(pw!.length, len);
    }
  });

  test('each Exclude* switch removes its class, over many passwords', async () => {
    const cases: [GetRandomPasswordCommandInput, RegExp, RegExp[]][] = [
      [{ ExcludeNumbers: true }, DIGIT, [LOWER, UPPER, PUNCT]],
      [{ ExcludePunctuation: true }, PUNCT, [LOWER, UPPER, DIGIT]],
      [{ ExcludeUppercase: true }, UPPER, [LOWER, DIGIT, PUNCT]],
      [{ ExcludeLowercase: true }, LOWER, [UPPER, DIGIT, PUNCT]],
    ];
    for (const [input, banned, required] of cases) {
      for (const pw of await passwords({ ...input, PasswordLength: 100 }, 30)) {
        assert.doesNotMatch(pw, banned, JSON.stringify(input));
        for (const cls of required) assert.match(pw, cls, JSON.stringify(input));
        assert.equal(pw.length, 100);
      }
    }
    const onlyDigits = await passwords({ ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true, PasswordLength: 64 }, 10);
    for (const pw of onlyDigits) assert.match(pw, /^[0-9]{64}$/);
  });

  test('ExcludeCharacters never appear', async () => {
    const ExcludeCharacters = 'aeiouAEIOU01lI|`"\'\\/@ ';
    for (const pw of await passwords({ ExcludeCharacters, PasswordLength: 300, IncludeSpace: true }, 30)) {
      for (const ch of ExcludeCharacters) assert.equal(pw.includes(ch), false, `${JSON.stringify(ch)} in ${pw}`);
      assert.equal(pw.length, 300);
    }
  });

  test('IncludeSpace allows the space; without it there is none', async () => {
    const [long] = await passwords({ IncludeSpace: true, PasswordLength: 4096 }, 1);
    assert.ok(long!.includes(' '), '4096 draws from 95 characters include a space');
    for (const pw of await passwords({ PasswordLength: 4096 }, 3)) assert.equal(pw.includes(' '), false);
  });

  test('RequireEachIncludedType: every included class appears, even in the shortest password', async () => {
    for (const pw of await passwords({ PasswordLength: 4 }, 100)) {
      for (const cls of [LOWER, UPPER, DIGIT, PUNCT]) assert.match(pw, cls, pw);
    }
    for (const pw of await passwords({ PasswordLength: 2, ExcludeNumbers: true, ExcludePunctuation: true, RequireEachIncludedType: true }, 50)) {
      assert.match(pw, /^(?=.*[a-z])(?=.*[A-Z])[a-zA-Z]{2}$/, pw);
    }
    // Without the requirement a password shorter than the number of classes is fine.
    assert.equal((await passwords({ PasswordLength: 1, RequireEachIncludedType: false }, 1))[0]!.length, 1);
  });

  test('impossible combinations are InvalidParameterException', async () => {
    await expectAwsError(
      sm.send(new GetRandomPasswordCommand({ ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true })),
      'InvalidParameterException',
      'All characters have been excluded from selection.',
    );
    await expectAwsError(
      sm.send(new GetRandomPasswordCommand({ ExcludeCharacters: '0123456789' })),
      'InvalidParameterException',
      'All characters of the desired type have been excluded.',
    );
    await expectAwsError(
      sm.send(new GetRandomPasswordCommand({ PasswordLength: 3 })),
      'InvalidParameterException',
      'Password length is too short based on the required types.',
    );
  });

  test('PasswordLength 0 and 4097 are ValidationException', async () => {
    await expectAwsError(
      sm.send(new GetRandomPasswordCommand({ PasswordLength: 0 })),
      'ValidationException',
      "1 validation error detected: Value '0' at 'passwordLength' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await expectAwsError(
      sm.send(new GetRandomPasswordCommand({ PasswordLength: 4097 })),
      'ValidationException',
      "1 validation error detected: Value '4097' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096",
    );
  });
});

describe('operations not implemented yet', () => {
  const pending = (why: string) => (op: string) => `${op} is not supported by this Coffer deployment yet: ${why}.`;
  const replication = pending('replication is not available');

  test('answer a 400 AWS error with __type and Message, and change nothing', async () => {
    const name = uniqueName('nyi');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'unchanged' }));
    const describe = async () => (await rawCall(server, 'secretsmanager.DescribeSecret', { SecretId: name })).json;
    const before = await describe();
    const calls: [string, Record<string, unknown>, (op: string) => string][] = [
      ['ReplicateSecretToRegions', { SecretId: name, AddReplicaRegions: [{ Region: 'eu-west-1' }] }, replication],
      ['RemoveRegionsFromReplication', { SecretId: name, RemoveReplicaRegions: ['eu-west-1'] }, replication],
      ['StopReplicationToReplica', { SecretId: name }, replication],
    ];
    for (const [op, body, message] of calls) {
      const r = await rawCall(server, `secretsmanager.${op}`, body);
      assert.equal(r.status, 400, `${op}: ${r.text}`);
      assert.deepEqual(r.json, { __type: 'InvalidRequestException', Message: message(op) });
      assert.equal(r.headers.get('x-amzn-errortype'), 'InvalidRequestException');
      assert.ok(r.headers.get('x-amzn-requestid'));
    }
    assert.deepEqual(await describe(), before, 'no replication state appeared');
    const v = await sm.send(new GetSecretValueCommand({ SecretId: name }));
    assert.equal(v.SecretString, 'unchanged');
    assert.deepEqual(v.VersionStages, ['AWSCURRENT']);
  });

  test('CreateSecret with AddReplicaRegions is refused and creates nothing', async () => {
    const name = uniqueName('nyi');
    await expectAwsError(
      sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x', AddReplicaRegions: [{ Region: 'eu-west-1' }] })),
      'InvalidRequestException',
      'Replication to other regions is not supported by this Coffer deployment yet.',
    );
    await expectAwsError(sm.send(new GetSecretValueCommand({ SecretId: name })), 'ResourceNotFoundException', NOT_FOUND);
    const l = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }], IncludePlannedDeletion: true }));
    assert.deepEqual(l.SecretList, []);
    // The name is still free.
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
  });
});
