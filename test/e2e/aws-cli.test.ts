/**
 * The Debian AWS CLI v2 (/usr/bin/aws) against a real Coffer server: every implemented
 * Secrets Manager operation, and error paths as a user sees them (exit code and stderr).
 * Each CLI run costs about half a second, so the flows reuse their secrets.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { newerModelDataPath } from '../support/aws-data-path.js';
import { MARKED_FOR_DELETION, NOT_FOUND } from '../support/aws-messages.js';
import { useServer } from '../support/use-server.js';

const AWS = '/usr/bin/aws';
const ARN_RE = /^arn:aws:secretsmanager:us-east-1:000000000000:secret:(.+)-[A-Za-z0-9]{6}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const { server } = useServer();
let dataPath: { dir: string; remove: () => void };
/** A prefix unique to this run, so filters only see this file's secrets. */
const P = `cli-${crypto.randomBytes(4).toString('hex')}`;

function run(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const argv = ['--endpoint-url', server.url, '--output', 'json', 'secretsmanager', ...args];
  return new Promise((resolve) => {
    execFile(AWS, argv, { env: { ...server.awsEnv(), ...extraEnv }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Runs a command that must succeed and returns its JSON output ({} when it prints nothing). */
async function aws(...args: string[]): Promise<any> {
  const r = await run(args);
  assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim() === '' ? {} : JSON.parse(r.stdout);
}

/** Runs a command that must fail with the given AWS error code and exact message. */
async function awsFails(code: string, message: string, ...args: string[]): Promise<void> {
  const r = await run(args);
  assert.notEqual(r.code, 0, `aws ${args.join(' ')} unexpectedly succeeded: ${r.stdout}`);
  assert.equal(r.stdout, '');
  assert.ok(r.stderr.includes(`(${code})`), `stderr lacks (${code}): ${r.stderr}`);
  assert.ok(r.stderr.trimEnd().endsWith(`: ${message}`), `stderr lacks the exact message "${message}": ${r.stderr}`);
}

function stagesOf(versions: Array<{ VersionId: string; VersionStages?: string[] }>): Record<string, string[] | undefined> {
  return Object.fromEntries(versions.map((v) => [v.VersionId, v.VersionStages]));
}

before(() => {
  dataPath = newerModelDataPath();
});

after(() => dataPath?.remove());

describe('aws cli v2', () => {
  test('create, get, put, update, describe and list versions of one secret', async () => {
    const name = `${P}/app/db`;
    const created = await aws('create-secret', '--name', name, '--description', 'database login',
      '--secret-string', '{"user":"app","password":"one"}', '--tags', 'Key=env,Value=dev', 'Key=team,Value=core');
    assert.match(created.ARN, ARN_RE);
    assert.equal(ARN_RE.exec(created.ARN)![1], name);
    assert.equal(created.Name, name);
    assert.match(created.VersionId, UUID_RE);
    const v1 = created.VersionId as string;

    const got = await aws('get-secret-value', '--secret-id', name);
    assert.equal(got.SecretString, '{"user":"app","password":"one"}');
    assert.equal(got.ARN, created.ARN);
    assert.equal(got.VersionId, v1);
    assert.deepEqual(got.VersionStages, ['AWSCURRENT']);
    assert.ok(Math.abs(Date.parse(got.CreatedDate) - Date.now()) < 120_000, got.CreatedDate);
    assert.equal(got.SecretBinary, undefined);

    // An explicit token becomes the version id; reusing it for another value is refused.
    const v2 = crypto.randomUUID();
    const put = await aws('put-secret-value', '--secret-id', created.ARN, '--secret-string', 'two', '--client-request-token', v2);
    assert.deepEqual(put, { ARN: created.ARN, Name: name, VersionId: v2, VersionStages: ['AWSCURRENT'] });
    await awsFails('ResourceExistsException',
      `You can't use ClientRequestToken ${v2} because that value is already in use for a version of secret ${created.ARN}.`,
      'put-secret-value', '--secret-id', name, '--secret-string', 'other', '--client-request-token', v2);

    const previous = await aws('get-secret-value', '--secret-id', name, '--version-stage', 'AWSPREVIOUS');
    assert.equal(previous.VersionId, v1);
    assert.equal(previous.SecretString, '{"user":"app","password":"one"}');

    // Metadata only: no new version, so no VersionId in the answer.
    const meta = await aws('update-secret', '--secret-id', name, '--description', 'database login (rotated by hand)');
    assert.deepEqual(meta, { ARN: created.ARN, Name: name });
    const updated = await aws('update-secret', '--secret-id', name, '--secret-string', 'three');
    assert.match(updated.VersionId, UUID_RE);
    const v3 = updated.VersionId as string;

    const d = await aws('describe-secret', '--secret-id', name);
    assert.equal(d.ARN, created.ARN);
    assert.equal(d.Description, 'database login (rotated by hand)');
    assert.deepEqual(d.Tags, [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'core' }]);
    // v1 lost its last label: deprecated, so hidden.
    assert.deepEqual(d.VersionIdsToStages, { [v2]: ['AWSPREVIOUS'], [v3]: ['AWSCURRENT'] });
    assert.equal(d.DeletedDate, undefined);
    assert.equal(d.RotationEnabled, undefined);
    assert.equal(d.KmsKeyId, undefined);
    for (const f of ['CreatedDate', 'LastChangedDate']) assert.ok(!Number.isNaN(Date.parse(d[f])), f);

    // IncludeDeprecated lists v1 too, without VersionStages.
    const all = await aws('list-secret-version-ids', '--secret-id', name, '--include-deprecated');
    assert.equal(all.ARN, created.ARN);
    assert.equal(all.Name, name);
    assert.deepEqual(stagesOf(all.Versions), { [v1]: undefined, [v2]: ['AWSPREVIOUS'], [v3]: ['AWSCURRENT'] });
    for (const v of all.Versions) assert.deepEqual(v.KmsKeyIds, ['DefaultEncryptionKey']);
  });

  test('update-secret-version-stage moves AWSCURRENT back and AWSPREVIOUS follows', async () => {
    const name = `${P}/stages`;
    const c = await aws('create-secret', '--name', name, '--secret-string', 'first');
    const v1 = c.VersionId as string;
    const v2 = (await aws('put-secret-value', '--secret-id', name, '--secret-string', 'second')).VersionId as string;

    await awsFails('InvalidParameterException',
      "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version " +
        `${v2}, so you must explicitly reference that version in RemoveFromVersionId.`,
      'update-secret-version-stage', '--secret-id', name, '--version-stage', 'AWSCURRENT', '--move-to-version-id', v1);

    const moved = await aws('update-secret-version-stage', '--secret-id', name, '--version-stage', 'AWSCURRENT',
      '--move-to-version-id', v1, '--remove-from-version-id', v2);
    assert.deepEqual(moved, { ARN: c.ARN, Name: name });
    const custom = await aws('update-secret-version-stage', '--secret-id', name, '--version-stage', 'BLUE', '--move-to-version-id', v2);
    assert.deepEqual(custom, { ARN: c.ARN, Name: name });

    const listed = await aws('list-secret-version-ids', '--secret-id', name);
    assert.deepEqual(stagesOf(listed.Versions), { [v1]: ['AWSCURRENT'], [v2]: ['AWSPREVIOUS', 'BLUE'] });
  });

  test('binary secrets round-trip through fileb://', async () => {
    const name = `${P}/binary`;
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 255, 10, 13]);
    const file = path.join(server.dataDir, 'binary-input.bin');
    fs.writeFileSync(file, bytes);
    await aws('create-secret', '--name', name, '--secret-binary', `fileb://${file}`);
    const got = await aws('get-secret-value', '--secret-id', name);
    assert.equal(got.SecretString, undefined);
    assert.equal(got.SecretBinary, bytes.toString('base64'));
  });

  test('list-secrets with --filters and paging', async () => {
    const prefix = `${P}/page/`;
    for (const i of [1, 2, 3]) {
      await aws('create-secret', '--name', `${prefix}s${i}`, '--secret-string', `v${i}`,
        '--description', i === 2 ? 'the odd one' : 'paged secret', '--tags', `Key=${P}-idx,Value=n${i}`);
    }
    const names = (r: any): string[] => r.SecretList.map((s: any) => s.Name);

    const byName = await aws('list-secrets', '--filters', `Key=name,Values=${prefix}`);
    assert.deepEqual(names(byName).sort(), [`${prefix}s1`, `${prefix}s2`, `${prefix}s3`]);
    const s1 = byName.SecretList.find((s: any) => s.Name === `${prefix}s1`);
    assert.ok(s1.SecretVersionsToStages, 'ListSecrets names the map SecretVersionsToStages');
    assert.equal(s1.VersionIdsToStages, undefined);

    // Filters AND together; values within one filter OR; '!' negates.
    const combined = await aws('list-secrets', '--filters', `Key=tag-value,Values=n1,n2`, `Key=tag-key,Values=${P}-idx`,
      'Key=description,Values=!odd');
    assert.deepEqual(names(combined), [`${prefix}s1`]);

    // One page at a time: MaxResults and NextToken as sent by the user.
    const page1 = await aws('list-secrets', '--no-paginate', '--max-results', '2', '--sort-order', 'asc',
      '--filters', `Key=name,Values=${prefix}`);
    assert.equal(page1.SecretList.length, 2);
    assert.equal(typeof page1.NextToken, 'string');
    const page2 = await aws('list-secrets', '--no-paginate', '--max-results', '2', '--sort-order', 'asc',
      '--filters', `Key=name,Values=${prefix}`, '--next-token', page1.NextToken);
    assert.equal(page2.NextToken, undefined);
    assert.deepEqual([...names(page1), ...names(page2)], [`${prefix}s1`, `${prefix}s2`, `${prefix}s3`]);

    // The CLI's own paginator follows NextToken through pages of one.
    const auto = await aws('list-secrets', '--page-size', '1', '--filters', `Key=name,Values=${prefix}`);
    assert.deepEqual(names(auto).sort(), [`${prefix}s1`, `${prefix}s2`, `${prefix}s3`]);
    assert.equal(auto.NextToken, undefined);

    await awsFails('InvalidNextTokenException', 'The NextToken value is not valid.',
      'list-secrets', '--no-paginate', '--next-token', 'not-a-token');
  });

  test('delete-secret, restore-secret and force delete', async () => {
    const name = `${P}/deleted`;
    const c = await aws('create-secret', '--name', name, '--secret-string', 'bye');
    const before = Date.now();
    const del = await aws('delete-secret', '--secret-id', name, '--recovery-window-in-days', '7');
    assert.equal(del.ARN, c.ARN);
    assert.equal(del.Name, name);
    const due = Date.parse(del.DeletionDate) - before;
    assert.ok(due > 7 * 86400_000 - 60_000 && due < 7 * 86400_000 + 60_000, del.DeletionDate);

    await awsFails('InvalidRequestException', MARKED_FOR_DELETION, 'get-secret-value', '--secret-id', name);
    const d = await aws('describe-secret', '--secret-id', name);
    assert.equal(Date.parse(d.DeletedDate), Date.parse(del.DeletionDate));
    const hidden = await aws('list-secrets', '--filters', `Key=name,Values=${name}`);
    assert.deepEqual(hidden.SecretList, []);
    const shown = await aws('list-secrets', '--include-planned-deletion', '--filters', `Key=name,Values=${name}`);
    assert.deepEqual(shown.SecretList.map((s: any) => s.Name), [name]);

    const restored = await aws('restore-secret', '--secret-id', name);
    assert.deepEqual(restored, { ARN: c.ARN, Name: name });
    assert.equal((await aws('get-secret-value', '--secret-id', name)).SecretString, 'bye');

    const forced = await aws('delete-secret', '--secret-id', c.ARN, '--force-delete-without-recovery');
    assert.equal(forced.ARN, c.ARN);
    await awsFails('ResourceNotFoundException', NOT_FOUND, 'describe-secret', '--secret-id', name);
  });

  test('tag-resource and untag-resource', async () => {
    const name = `${P}/tags`;
    await aws('create-secret', '--name', name, '--secret-string', 'x', '--tags', 'Key=keep,Value=1', 'Key=drop,Value=2');
    assert.deepEqual(await aws('tag-resource', '--secret-id', name, '--tags', 'Key=drop,Value=3', 'Key=new,Value=4'), {});
    assert.deepEqual(await aws('untag-resource', '--secret-id', name, '--tag-keys', 'drop', 'absent'), {});
    const d = await aws('describe-secret', '--secret-id', name);
    const tags = Object.fromEntries(d.Tags.map((t: any) => [t.Key, t.Value]));
    assert.deepEqual(tags, { keep: '1', new: '4' });
  });

  test('get-random-password', async () => {
    const plain = await aws('get-random-password', '--password-length', '40', '--exclude-punctuation', '--require-each-included-type');
    assert.match(plain.RandomPassword, /^[A-Za-z0-9]{40}$/);
    assert.match(plain.RandomPassword, /[a-z]/);
    assert.match(plain.RandomPassword, /[A-Z]/);
    assert.match(plain.RandomPassword, /[0-9]/);
  });

  test('batch-get-secret-value by id list and by filter', async () => {
    const prefix = `${P}/batch/`;
    const a = await aws('create-secret', '--name', `${prefix}a`, '--secret-string', 'alpha');
    await aws('create-secret', '--name', `${prefix}b`, '--secret-string', 'beta');
    const env = { AWS_DATA_PATH: dataPath.dir };

    const byId = await run(['batch-get-secret-value', '--secret-id-list', a.ARN, `${prefix}b`, `${prefix}missing`], env);
    assert.equal(byId.code, 0, byId.stderr);
    const r1 = JSON.parse(byId.stdout);
    const values = Object.fromEntries(r1.SecretValues.map((v: any) => [v.Name, v.SecretString]));
    assert.deepEqual(values, { [`${prefix}a`]: 'alpha', [`${prefix}b`]: 'beta' });
    for (const v of r1.SecretValues) assert.deepEqual(v.VersionStages, ['AWSCURRENT']);
    assert.deepEqual(r1.Errors, [{ SecretId: `${prefix}missing`, ErrorCode: 'ResourceNotFoundException', Message: NOT_FOUND }]);

    const byFilter = await run(['batch-get-secret-value', '--filters', `Key=name,Values=${prefix}`], env);
    assert.equal(byFilter.code, 0, byFilter.stderr);
    const r2 = JSON.parse(byFilter.stdout);
    assert.deepEqual(r2.SecretValues.map((v: any) => v.SecretString).sort(), ['alpha', 'beta']);
  });

  test('errors: exit code, error code and exact message on stderr', async () => {
    await awsFails('ResourceNotFoundException', NOT_FOUND, 'get-secret-value', '--secret-id', `${P}/does-not-exist`);
    await awsFails('ValidationException',
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
      'describe-secret', '--secret-id', 'Inv Name');
    const name = `${P}/exists`;
    await aws('create-secret', '--name', name, '--secret-string', 'x');
    await awsFails('ResourceExistsException', `The operation failed because the secret ${name} already exists.`,
      'create-secret', '--name', name, '--secret-string', 'y');

    // A wrong secret key: the CLI reports the signature error and exits non-zero.
    const creds = server.credentials();
    const r = await new Promise<CliResult>((resolve) => {
      execFile(AWS, ['--endpoint-url', server.url, 'secretsmanager', 'list-secrets'],
        { env: { ...server.awsEnv({ ...creds, secretAccessKey: creds.secretAccessKey + 'x' }), AWS_MAX_ATTEMPTS: '1' }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout: String(stdout), stderr: String(stderr) }));
    });
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.includes('(InvalidSignatureException)'), r.stderr);
    assert.ok(!r.stderr.includes(creds.secretAccessKey), 'the secret key is never echoed');
  });
});
