/**
 * DescribeSecret and ListSecrets end to end: the official SDK v3 (and raw signed requests where
 * the exact wire members matter, since the SDK hides nulls) against a real `coffer serve`.
 * Expected behaviour: /work/shared/reference/api-notes.md §5 DescribeSecret/ListSecrets, §10, §12.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  paginateListSecrets,
  PutSecretValueCommand,
  TagResourceCommand,
  UpdateSecretCommand,
  type Filter,
  type ListSecretsCommandInput,
} from '@aws-sdk/client-secrets-manager';
import { clockTick, DAY_MS, expectAwsError, uniqueName } from '../support/aws-expect.js';
import { rawCall } from '../support/raw-request.js';
import { useServer } from '../support/use-server.js';

const { server, sm } = useServer();

/** The JSON body of a signed raw call that must succeed. */
async function raw(op: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const r = await rawCall(server, `secretsmanager.${op}`, body);
  assert.equal(r.status, 200, r.text);
  assertNoNulls(r.json);
  return r.json;
}

function assertNoNulls(v: unknown, path = '$'): void {
  assert.notEqual(v, null, `${path} is null`);
  if (typeof v === 'object') for (const [k, x] of Object.entries(v as object)) assertNoNulls(x, `${path}.${k}`);
}

const keys = (o: object) => Object.keys(o).sort();
const ARN_RE = (name: string) => new RegExp(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-[A-Za-z0-9]{6}$`);

async function names(input: ListSecretsCommandInput): Promise<string[]> {
  const out = await sm.send(new ListSecretsCommand(input));
  assert.equal(out.NextToken, undefined, 'one page expected');
  return (out.SecretList ?? []).map((s) => s.Name!);
}

describe('DescribeSecret', () => {
  test('after CreateSecret answers exactly ARN, CreatedDate, LastChangedDate, Name, VersionIdsToStages', async () => {
    const name = uniqueName('desc');
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    assert.match(c.ARN!, ARN_RE(name));
    const d = await raw('DescribeSecret', { SecretId: name });
    // KmsKeyId is omitted for the default key, Tags when never tagged, LastAccessedDate until read.
    assert.deepEqual(keys(d), ['ARN', 'CreatedDate', 'LastChangedDate', 'Name', 'VersionIdsToStages']);
    assert.equal(d.ARN, c.ARN);
    assert.equal(d.Name, name);
    assert.deepEqual(d.VersionIdsToStages, { [c.VersionId!]: ['AWSCURRENT'] });
    assert.equal(typeof d.CreatedDate, 'number');
    assert.equal(d.LastChangedDate, d.CreatedDate);
    assert.ok(Math.abs(d.CreatedDate * 1000 - Date.now()) < 60_000, 'CreatedDate is epoch seconds');
    // Full ARN and partial ARN (no suffix) name the same secret.
    assert.deepEqual(await raw('DescribeSecret', { SecretId: c.ARN }), d);
    assert.deepEqual(await raw('DescribeSecret', { SecretId: c.ARN!.slice(0, -7) }), d);
  });

  test('adds Description when given; a secret without a value has no version map', async () => {
    const name = uniqueName('desc');
    await sm.send(new CreateSecretCommand({ Name: name, Description: 'the db password', SecretString: 'x' }));
    const d = await raw('DescribeSecret', { SecretId: name });
    assert.deepEqual(keys(d), ['ARN', 'CreatedDate', 'Description', 'LastChangedDate', 'Name', 'VersionIdsToStages']);
    assert.equal(d.Description, 'the db password');

    const empty = uniqueName('desc');
    await sm.send(new CreateSecretCommand({ Name: empty }));
    assert.deepEqual(keys(await raw('DescribeSecret', { SecretId: empty })), ['ARN', 'CreatedDate', 'LastChangedDate', 'Name']);
  });

  test('Tags are absent when never tagged and present when created with tags', async () => {
    const plain = uniqueName('desc');
    await sm.send(new CreateSecretCommand({ Name: plain, SecretString: 'x' }));
    assert.equal('Tags' in (await raw('DescribeSecret', { SecretId: plain })), false);
    const tagged = uniqueName('desc');
    await sm.send(new CreateSecretCommand({ Name: tagged, SecretString: 'x', Tags: [{ Key: 'k', Value: 'v' }] }));
    assert.deepEqual((await raw('DescribeSecret', { SecretId: tagged })).Tags, [{ Key: 'k', Value: 'v' }]);
  });

  test('LastAccessedDate is absent until a GetSecretValue, then day precision (00:00 UTC)', async () => {
    const name = uniqueName('desc');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await sm.send(new DescribeSecretCommand({ SecretId: name }));
    await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    const before = await raw('DescribeSecret', { SecretId: name });
    assert.equal('LastAccessedDate' in before, false, 'DescribeSecret and ListSecretVersionIds are not accesses');

    const t0 = Date.now();
    await sm.send(new GetSecretValueCommand({ SecretId: name }));
    const t1 = Date.now();
    const d = await raw('DescribeSecret', { SecretId: name });
    assert.equal(typeof d.LastAccessedDate, 'number');
    assert.equal(d.LastAccessedDate % 86_400, 0, 'divisible by one day');
    const days = [t0, t1].map((t) => Math.floor(t / DAY_MS) * 86_400);
    assert.ok(days.includes(d.LastAccessedDate), `${d.LastAccessedDate} is today`);
    assert.equal(d.LastChangedDate, before.LastChangedDate, 'a read is not a change');

    const listed = await raw('ListSecrets', { Filters: [{ Key: 'name', Values: [name] }] });
    assert.equal(listed.SecretList[0].LastAccessedDate, d.LastAccessedDate);
    const sdk = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    assert.equal(sdk.LastAccessedDate!.getTime() % DAY_MS, 0);
  });

  test('LastChangedDate advances on writes, not on reads', async () => {
    const name = uniqueName('desc');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    let last = (await raw('DescribeSecret', { SecretId: name })).LastChangedDate as number;
    const writes = [
      new PutSecretValueCommand({ SecretId: name, SecretString: 'y' }),
      new UpdateSecretCommand({ SecretId: name, Description: 'changed' }),
      new UpdateSecretCommand({ SecretId: name, SecretString: 'z' }),
      new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'a', Value: 'b' }] }),
    ];
    for (const w of writes) {
      await clockTick();
      await sm.send(w as any);
      const now = (await raw('DescribeSecret', { SecretId: name })).LastChangedDate as number;
      assert.ok(now > last, `${w.constructor.name} advanced LastChangedDate (${now} > ${last})`);
      last = now;
    }
    await clockTick();
    await sm.send(new GetSecretValueCommand({ SecretId: name }));
    await sm.send(new DescribeSecretCommand({ SecretId: name }));
    await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }] }));
    await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    assert.equal((await raw('DescribeSecret', { SecretId: name })).LastChangedDate, last);
  });

  test('works on a secret scheduled for deletion, showing DeletedDate', async () => {
    const name = uniqueName('desc');
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const del = await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    const d = await raw('DescribeSecret', { SecretId: name });
    assert.deepEqual(keys(d), ['ARN', 'CreatedDate', 'DeletedDate', 'LastChangedDate', 'Name', 'VersionIdsToStages']);
    assert.deepEqual(d.VersionIdsToStages, { [c.VersionId!]: ['AWSCURRENT'] });
    assert.equal(d.DeletedDate, del.DeletionDate!.getTime() / 1000);
  });

  test('an unknown secret is ResourceNotFoundException', async () => {
    await expectAwsError(
      sm.send(new DescribeSecretCommand({ SecretId: uniqueName('missing') })),
      'ResourceNotFoundException',
      "Secrets Manager can't find the specified secret.",
    );
  });
});

describe('ListSecrets', () => {
  test('entries name the version map SecretVersionsToStages and carry only members with a value', async () => {
    const name = uniqueName('lst');
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x', Description: 'd' }));
    const out = await raw('ListSecrets', { Filters: [{ Key: 'name', Values: [name] }] });
    assert.deepEqual(keys(out), ['SecretList']);
    assert.equal(out.SecretList.length, 1);
    const e = out.SecretList[0];
    assert.deepEqual(keys(e), ['ARN', 'CreatedDate', 'Description', 'LastChangedDate', 'Name', 'SecretVersionsToStages']);
    assert.deepEqual(e.SecretVersionsToStages, { [c.VersionId!]: ['AWSCURRENT'] });
    const d = await raw('DescribeSecret', { SecretId: name });
    assert.equal(e.CreatedDate, d.CreatedDate);
    assert.equal(e.LastChangedDate, d.LastChangedDate);
  });

  test('secrets scheduled for deletion are listed only with IncludePlannedDeletion', async () => {
    const p = uniqueName('lst');
    await sm.send(new CreateSecretCommand({ Name: `${p}/live`, SecretString: 'x' }));
    await sm.send(new CreateSecretCommand({ Name: `${p}/gone`, SecretString: 'x' }));
    await sm.send(new DeleteSecretCommand({ SecretId: `${p}/gone` }));
    const f: Filter[] = [{ Key: 'name', Values: [p] }];
    assert.deepEqual(await names({ Filters: f }), [`${p}/live`]);
    assert.deepEqual(await names({ Filters: f, IncludePlannedDeletion: false }), [`${p}/live`]);
    const all = await raw('ListSecrets', { Filters: f, IncludePlannedDeletion: true });
    assert.deepEqual(all.SecretList.map((s: any) => s.Name), [`${p}/live`, `${p}/gone`]);
    assert.equal('DeletedDate' in all.SecretList[0], false);
    assert.equal(typeof all.SecretList[1].DeletedDate, 'number');
  });

  describe('filters', () => {
    // One fixture, created in this order; every query is ANDed with the name prefix p.
    const p = uniqueName('flt');
    const s1 = `${p}/testing1/one`;
    const s2 = `${p}/testing2/two`;
    const s3 = `${p}/testing3/three`;
    const s4 = `${p}/testing4/four`;
    const s5 = `${p}/AppBeta_svc`;
    const scope: Filter = { Key: 'name', Values: [p] };
    const list = (...filters: Filter[]) => names({ Filters: [scope, ...filters] });
    const f = (Key: string, ...Values: string[]) => ({ Key, Values }) as Filter;

    before(async () => {
      const mk = (Name: string, Description: string, Tags?: { Key: string; Value: string }[]) =>
        sm.send(new CreateSecretCommand({ Name, Description, SecretString: 'x', Tags }));
      await mk(s1, 'a secret', [{ Key: 'Env', Value: 'Prod' }, { Key: 'team', Value: 'payments-core' }]);
      await mk(s2, 'an secret', [{ Key: 'env', Value: 'staging' }]);
      await mk(s3, 'asecret');
      await mk(s4, 'thesecret', [{ Key: 'Owner', Value: 'COMPANYthings' }]);
      await mk(s5, 'The Beta service');
    });

    test('no filter but the scope lists all, in creation order', async () => {
      assert.deepEqual(await list(), [s1, s2, s3, s4, s5]);
    });

    test('name: literal, case-sensitive prefix; spaces are not separators; ! negates', async () => {
      assert.deepEqual(await list(f('name', `${p}/testing`)), [s1, s2, s3, s4]);
      assert.deepEqual(await list(f('name', `${p}/testing1`)), [s1]);
      assert.deepEqual(await list(f('name', `${p}/TESTING1`)), []);
      assert.deepEqual(await list(f('name', `${p}/testing1 one`)), []);
      assert.deepEqual(await list(f('name', `${p}/App`)), [s5]);
      assert.deepEqual(await list(f('name', `!${p}/testing`)), [s5]);
      assert.deepEqual(await list(f('name', 'testing1')), [], 'prefix of the whole name, not of a path part');
    });

    test('description: word-wise prefix match, case-insensitive; ! negates', async () => {
      assert.deepEqual(await list(f('description', 'a secret')), [s1, s2]);
      assert.deepEqual(await list(f('description', 'a')), [s1, s2, s3]);
      assert.deepEqual(await list(f('description', 'SECRET')), [s1, s2]);
      assert.deepEqual(await list(f('description', 'secret a')), [s1, s2], 'words in any order');
      assert.deepEqual(await list(f('description', 'ret')), []);
      assert.deepEqual(await list(f('description', 'beta serv')), [s5]);
      assert.deepEqual(await list(f('description', '!a')), [s4, s5]);
      assert.deepEqual(await list(f('description', '!c')), [s1, s2, s3, s4, s5]);
    });

    test('tag-key and tag-value: case-sensitive prefix of any tag; ! negates', async () => {
      assert.deepEqual(await list(f('tag-key', 'env')), [s2]);
      assert.deepEqual(await list(f('tag-key', 'Env')), [s1]);
      assert.deepEqual(await list(f('tag-key', 'Ow')), [s4]);
      assert.deepEqual(await list(f('tag-key', '!env')), [s1, s3, s4, s5]);
      assert.deepEqual(await list(f('tag-value', 'Prod')), [s1]);
      assert.deepEqual(await list(f('tag-value', 'prod')), []);
      assert.deepEqual(await list(f('tag-value', 'payments')), [s1]);
      assert.deepEqual(await list(f('tag-value', 'core')), [], 'a prefix of the value, not of a word');
      assert.deepEqual(await list(f('tag-value', '!staging')), [s1, s3, s4, s5]);
    });

    test('all: word prefixes of the name, description, tag keys or values, case-insensitive', async () => {
      assert.deepEqual(await list(f('all', 'payments')), [s1]);
      assert.deepEqual(await list(f('all', 'core')), [s1], 'tag value split on -');
      assert.deepEqual(await list(f('all', 'PROD')), [s1]);
      assert.deepEqual(await list(f('all', 'owner')), [s4], 'a tag key');
      assert.deepEqual(await list(f('all', 'beta')), [s5], 'AppBeta splits into App, Beta');
      assert.deepEqual(await list(f('all', 'svc')), [s5], 'name split on _');
      assert.deepEqual(await list(f('all', 'three')), [s3], 'name split on /');
      assert.deepEqual(await list(f('all', 'ythings')), [s4], 'COMPANYthings splits into COMPAN, Ythings');
      assert.deepEqual(await list(f('all', 'things')), []);
      assert.deepEqual(await list(f('all', 'ret')), [], 'ret is not a word prefix of secret');
      assert.deepEqual(await list(f('all', 'a secret')), [s1, s2], 'every word in one field');
      assert.deepEqual(await list(f('all', '+')), [], 'a bare special character matches nothing');
      assert.deepEqual(await list(f('all', '!payments')), [s2, s3, s4, s5]);
    });

    test('primary-region and owning-service: unreplicated, user-owned secrets have neither', async () => {
      assert.deepEqual(await list(f('primary-region', 'us-east-1')), []);
      assert.deepEqual(await list(f('primary-region', '!us-east-1')), [s1, s2, s3, s4, s5]);
      assert.deepEqual(await list(f('owning-service', 'rds')), []);
      assert.deepEqual(await list(f('owning-service', '!rds')), [s1, s2, s3, s4, s5]);
    });

    test('values of one filter OR; filters AND, even with the same key', async () => {
      assert.deepEqual(await list(f('name', `${p}/testing1`, `${p}/testing3`)), [s1, s3]);
      assert.deepEqual(await list(f('description', 'thesecret', 'asecret')), [s3, s4]);
      assert.deepEqual(await list(f('tag-key', 'env', 'Env')), [s1, s2]);
      assert.deepEqual(await list(f('description', 'a'), f('tag-key', 'env')), [s2]);
      assert.deepEqual(await list(f('description', 'a'), f('description', 'an')), [s2]);
      assert.deepEqual(await list(f('description', 'a'), f('name', 'secret')), []);
      assert.deepEqual(await list(f('all', 'secret'), f('tag-value', '!Prod')), [s2]);
    });

    test('an unknown filter key is a ValidationException naming filters.N.member.key', async () => {
      await expectAwsError(
        sm.send(new ListSecretsCommand({ Filters: [f('bogus', 'x')] })),
        'ValidationException',
        "1 validation error detected: Value 'bogus' at 'filters.1.member.key' failed to satisfy constraint: " +
          'Member must satisfy enum value set: [description, name, tag-key, tag-value, primary-region, owning-service, all]',
      );
      await expectAwsError(
        sm.send(new ListSecretsCommand({ Filters: [scope, f('Name', 'x')] })),
        'ValidationException',
        /^1 validation error detected: Value 'Name' at 'filters\.2\.member\.key' /,
      );
    });

    test('a filter without Key or Values is InvalidParameterException, not an internal error', async () => {
      for (const filter of [{ Key: 'name' }, { Values: ['x'] }]) {
        for (const op of ['ListSecrets', 'BatchGetSecretValue']) {
          const r = await rawCall(server, `secretsmanager.${op}`, { Filters: [filter] });
          assert.equal(r.status, 400, `${op} ${JSON.stringify(filter)}: ${r.text}`);
          assert.deepEqual(r.json, { __type: 'InvalidParameterException', Message: 'Each filter must have a Key and Values.' });
        }
      }
    });
  });

  describe('sorting', () => {
    const q = uniqueName('srt');
    const [a, b, c] = [`${q}/a`, `${q}/b`, `${q}/c`];
    const list = (extra: ListSecretsCommandInput) => names({ Filters: [{ Key: 'name', Values: [q] }], ...extra });

    before(async () => {
      for (const n of [b, c, a]) await sm.send(new CreateSecretCommand({ Name: n, SecretString: n }));
    });

    test('created-date ascending by default; SortOrder desc reverses', async () => {
      assert.deepEqual(await list({}), [b, c, a]);
      assert.deepEqual(await list({ SortBy: 'created-date', SortOrder: 'asc' }), [b, c, a]);
      assert.deepEqual(await list({ SortOrder: 'desc' }), [a, c, b]);
    });

    test('SortBy name', async () => {
      assert.deepEqual(await list({ SortBy: 'name' }), [a, b, c]);
      assert.deepEqual(await list({ SortBy: 'name', SortOrder: 'desc' }), [c, b, a]);
    });

    test('SortBy last-changed-date and last-accessed-date', async () => {
      await clockTick();
      await sm.send(new TagResourceCommand({ SecretId: b, Tags: [{ Key: 'touched', Value: 'yes' }] }));
      assert.deepEqual(await list({ SortBy: 'last-changed-date' }), [c, a, b]);
      assert.deepEqual(await list({ SortBy: 'last-changed-date', SortOrder: 'desc' }), [b, a, c]);

      await sm.send(new GetSecretValueCommand({ SecretId: c }));
      const asc = await list({ SortBy: 'last-accessed-date' });
      const desc = await list({ SortBy: 'last-accessed-date', SortOrder: 'desc' });
      assert.equal(asc[2], c, 'never-read secrets sort before read ones');
      assert.equal(desc[0], c);
      assert.deepEqual([...asc].sort(), [a, b, c]);
      assert.deepEqual([...desc].sort(), [a, b, c]);
    });
  });

  describe('paging', () => {
    const r = uniqueName('pg');
    const expected: string[] = [];

    before(async () => {
      for (let i = 0; i < 25; i++) {
        const n = `${r}/${String(i).padStart(2, '0')}`;
        expected.push(n);
        await sm.send(new CreateSecretCommand({ Name: n, SecretString: 'x' }));
        // Unrelated secrets in between: the filter must skip them without losing its place.
        if (i % 5 === 0) await sm.send(new CreateSecretCommand({ Name: uniqueName('other'), SecretString: 'x' }));
      }
    });

    async function pages(extra: ListSecretsCommandInput): Promise<string[][]> {
      const out: string[][] = [];
      let NextToken: string | undefined;
      do {
        const page = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [r] }], MaxResults: 10, NextToken, ...extra }));
        out.push(page.SecretList!.map((s) => s.Name!));
        NextToken = page.NextToken;
        assert.ok(out.length <= 10, 'paging terminates');
      } while (NextToken);
      return out;
    }

    test('MaxResults 10 over 25 secrets: 10, 10, 5, each exactly once and in order', async () => {
      const asc = await pages({});
      assert.deepEqual(asc.map((p) => p.length), [10, 10, 5]);
      assert.deepEqual(asc.flat(), expected);
      const desc = await pages({ SortOrder: 'desc' });
      assert.deepEqual(desc.flat(), [...expected].reverse());
      const byName = await pages({ SortBy: 'name', SortOrder: 'desc' });
      assert.deepEqual(byName.flat(), [...expected].reverse());
    });

    test('the SDK paginator walks the same pages', async () => {
      const seen: string[] = [];
      const it = paginateListSecrets({ client: sm, pageSize: 10 }, { Filters: [{ Key: 'name', Values: [r] }] });
      for await (const page of it) seen.push(...page.SecretList!.map((s) => s.Name!));
      assert.deepEqual(seen, expected);
    });

    test('an invalid NextToken, or one made for another sort, is InvalidNextTokenException', async () => {
      for (const NextToken of ['garbage', Buffer.from('{"c":"x","s":"created-date","o":"asc"}').toString('base64')]) {
        await expectAwsError(sm.send(new ListSecretsCommand({ NextToken })), 'InvalidNextTokenException', 'The NextToken value is not valid.');
      }
      const first = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [r] }], MaxResults: 10 }));
      assert.ok(first.NextToken);
      await expectAwsError(
        sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [r] }], MaxResults: 10, NextToken: first.NextToken, SortOrder: 'desc' })),
        'InvalidNextTokenException',
      );
    });
  });
});
