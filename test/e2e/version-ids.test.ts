import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  type ListSecretVersionIdsResponse,
} from '@aws-sdk/client-secrets-manager';
import { clockTick, DAY_MS, expectAwsError, uniqueName } from '../support/aws-expect.js';
import { assertMembers, rawOk } from '../support/secret-state.js';
import { useServer } from '../support/use-server.js';

// ListSecretVersionIds end to end (api-notes §5 ListSecretVersionIds, §6, §12).

describe('ListSecretVersionIds', () => {
  const { server, sm } = useServer();
  /** A secret with versions v1..v5 (one clock tick apart); v1..v3 are deprecated. */
  let name: string;
  let arn: string;
  const ids: string[] = [];

  before(async () => {
    name = uniqueName('versions/five');
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    arn = c.ARN!;
    ids.push(c.VersionId!);
    for (let i = 2; i <= 5; i++) {
      await clockTick(5);
      const p = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: `v${i}` }));
      ids.push(p.VersionId!);
    }
  });

  it('lists labelled versions only, oldest first, with exact members and KmsKeyIds DefaultEncryptionKey', async () => {
    const out = await rawOk(server, 'ListSecretVersionIds', { SecretId: name });
    assertMembers(out, ['ARN', 'Name', 'Versions']);
    assert.equal(out.ARN, arn);
    assert.equal(out.Name, name);
    assert.deepEqual(
      out.Versions.map((v: any) => [v.VersionId, v.VersionStages, v.KmsKeyIds]),
      [
        [ids[3], ['AWSPREVIOUS'], ['DefaultEncryptionKey']],
        [ids[4], ['AWSCURRENT'], ['DefaultEncryptionKey']],
      ],
    );
    for (const v of out.Versions) {
      assertMembers(v, ['VersionId', 'VersionStages', 'CreatedDate', 'KmsKeyIds']);
      assert.equal(typeof v.CreatedDate, 'number');
    }
  });

  it('with IncludeDeprecated also lists unlabelled versions, without VersionStages, in ascending CreatedDate', async () => {
    const out = await rawOk(server, 'ListSecretVersionIds', { SecretId: name, IncludeDeprecated: true });
    assert.deepEqual(
      out.Versions.map((v: any) => v.VersionId),
      ids,
    );
    for (const v of out.Versions.slice(0, 3)) assertMembers(v, ['VersionId', 'CreatedDate', 'KmsKeyIds']);
    const dates = out.Versions.map((v: any) => v.CreatedDate as number);
    for (let i = 1; i < dates.length; i++) assert.ok(dates[i] > dates[i - 1], `CreatedDate not ascending: ${dates}`);
  });

  it('finds the secret by ARN and partial ARN, and answers ResourceNotFoundException otherwise', async () => {
    for (const id of [arn, arn.slice(0, -7)]) {
      const out = await sm.send(new ListSecretVersionIdsCommand({ SecretId: id }));
      assert.equal(out.Versions!.length, 2);
    }
    await expectAwsError(
      sm.send(new ListSecretVersionIdsCommand({ SecretId: uniqueName('versions/none') })),
      'ResourceNotFoundException',
      "Secrets Manager can't find the specified secret.",
    );
  });

  it('pages with MaxResults and NextToken; the last page has no NextToken', async () => {
    async function all(IncludeDeprecated: boolean, MaxResults: number): Promise<{ pages: number[]; versions: string[] }> {
      const pages: number[] = [];
      const versions: string[] = [];
      let NextToken: string | undefined;
      let page: ListSecretVersionIdsResponse;
      do {
        page = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated, MaxResults, NextToken }));
        pages.push(page.Versions!.length);
        versions.push(...page.Versions!.map((v) => v.VersionId!));
        NextToken = page.NextToken;
        assert.ok(pages.length < 10, 'paging does not end');
      } while (NextToken !== undefined);
      assertMembers(page, ['ARN', 'Name', 'Versions']);
      return { pages, versions };
    }
    assert.deepEqual(await all(true, 2), { pages: [2, 2, 1], versions: ids });
    assert.deepEqual(await all(false, 1), { pages: [1, 1], versions: ids.slice(3) });
    assert.deepEqual(await all(true, 100), { pages: [5], versions: ids });
  });

  it('refuses a NextToken it did not issue and MaxResults out of range', async () => {
    for (const NextToken of ['garbage', 'djE6OTk5', Buffer.from('v1:-1').toString('base64')]) {
      await expectAwsError(
        sm.send(new ListSecretVersionIdsCommand({ SecretId: name, NextToken })),
        'InvalidNextTokenException',
        'The NextToken value is not valid.',
      );
    }
    await expectAwsError(
      sm.send(new ListSecretVersionIdsCommand({ SecretId: name, MaxResults: 0 })),
      'ValidationException',
      "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await expectAwsError(
      sm.send(new ListSecretVersionIdsCommand({ SecretId: name, MaxResults: 101 })),
      'ValidationException',
      "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });

  it('reports LastAccessedDate, at day precision, only for versions that were read', async () => {
    const fresh = uniqueName('versions/accessed');
    const c = await sm.send(new CreateSecretCommand({ Name: fresh, SecretString: 'a' }));
    const p = await sm.send(new PutSecretValueCommand({ SecretId: fresh, SecretString: 'b', VersionStages: ['blue'] }));
    await sm.send(new GetSecretValueCommand({ SecretId: fresh }));
    const out = await rawOk(server, 'ListSecretVersionIds', { SecretId: fresh });
    const [read, unread] = out.Versions;
    assert.deepEqual([read.VersionId, unread.VersionId], [c.VersionId, p.VersionId]);
    assertMembers(read, ['VersionId', 'VersionStages', 'LastAccessedDate', 'CreatedDate', 'KmsKeyIds']);
    assertMembers(unread, ['VersionId', 'VersionStages', 'CreatedDate', 'KmsKeyIds']);
    const ms = read.LastAccessedDate * 1000;
    assert.equal(ms % DAY_MS, 0, 'LastAccessedDate is 00:00 UTC');
    assert.ok(ms <= Date.now() && ms > Date.now() - 2 * DAY_MS);
  });
});
