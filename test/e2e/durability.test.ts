import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { CofferServer } from '../support/coffer-server.js';

describe('nothing acknowledged is lost across restarts', () => {
  const server = new CofferServer();
  after(async () => {
    await server.stop();
    server.removeDataDir();
  });

  it('values written before a graceful stop and before a kill -9 read back after restart', async () => {
    await server.start();
    const creds = server.credentials();
    let sm = server.client(creds);
    await sm.send(new CreateSecretCommand({ Name: 'durable', SecretString: 'v1' }));
    await server.stop();
    await server.start();
    sm = server.client(creds);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'durable' }))).SecretString, 'v1');

    // Acknowledged writes, then kill -9 straight away: each must survive.
    const acked: string[] = [];
    for (let i = 0; i < 20; i++) {
      await sm.send(new PutSecretValueCommand({ SecretId: 'durable', SecretString: `v${i + 2}` }));
      acked.push(`v${i + 2}`);
      await sm.send(new CreateSecretCommand({ Name: `durable-${i}`, SecretBinary: Buffer.from([i, 255 - i]) }));
    }
    await sm.send(new TagResourceCommand({ SecretId: 'durable', Tags: [{ Key: 'k', Value: 'v' }] }));
    await server.kill9();
    await server.start();
    sm = server.client(creds);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'durable' }))).SecretString, acked.at(-1));
    const prev = await sm.send(new GetSecretValueCommand({ SecretId: 'durable', VersionStage: 'AWSPREVIOUS' }));
    assert.equal(prev.SecretString, acked.at(-2));
    for (let i = 0; i < 20; i++) {
      const b = await sm.send(new GetSecretValueCommand({ SecretId: `durable-${i}` }));
      assert.deepEqual(Buffer.from(b.SecretBinary!), Buffer.from([i, 255 - i]));
    }
    const d = await sm.send(new DescribeSecretCommand({ SecretId: 'durable' }));
    assert.deepEqual(d.Tags, [{ Key: 'k', Value: 'v' }]);
    assert.equal(server.credentials().accessKeyId, creds.accessKeyId, 'the admin key is kept');
  });
});
