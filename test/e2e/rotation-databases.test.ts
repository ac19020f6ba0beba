import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { CofferServer } from '../support/coffer-server.js';
import { databases, lambdaArn, rotationEnv, waitForRotationEnd } from '../support/rotation.js';

/**
 * The four built-in rotators against real servers (.ci/databases.sh starts PostgreSQL 15 and
 * MariaDB on loopback ports): after each rotation the old password fails and the new one works;
 * with alternating users the other user keeps working.
 */
const db = databases();
const EXCLUDED = 'aeiouAEIOU013!#$%';

interface Creds {
  username: string;
  password: string;
  dbname?: string;
  ssl?: boolean;
}

async function pgLogin(c: Creds, tls = false): Promise<boolean> {
  const client = new pg.Client({
    host: db!.pg.host,
    port: db!.pg.port,
    user: c.username,
    password: c.password,
    database: c.dbname ?? 'postgres',
    ssl: tls ? { ca: fs.readFileSync(process.env.COFFER_TEST_DB_CA!) } : false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function mysqlLogin(c: Creds): Promise<boolean> {
  try {
    const conn = await mysql.createConnection({ host: db!.mysql.host, port: db!.mysql.port, user: c.username, password: c.password, ...(c.dbname ? { database: c.dbname } : {}) });
    await conn.query('SELECT 1');
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

async function pgAdmin(sql: string): Promise<any> {
  const client = new pg.Client({ host: db!.pg.host, port: db!.pg.port, user: db!.pg.user, password: db!.pg.password, database: 'postgres' });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function mysqlAdmin(sql: string): Promise<any> {
  const conn = await mysql.createConnection({ host: db!.mysql.host, port: db!.mysql.port, user: db!.mysql.user, password: db!.mysql.password, multipleStatements: true });
  try {
    return (await conn.query(sql))[0];
  } finally {
    await conn.end();
  }
}

const suffix = Math.random().toString(36).slice(2, 8);

// Outside CI a developer without the throwaway servers skips these; in CI (.ci/run starts them)
// their absence is a failure, never a silent skip.
if (!db && process.env.CI) throw new Error('CI must provide the test databases (.ci/databases.sh)');

describe('built-in database rotators', { skip: db ? false : 'no test databases (run .ci/databases.sh start, see .ci/run)' }, () => {
  const server = new CofferServer({ env: rotationEnv() });
  let sm: SecretsManagerClient;

  before(async () => {
    await server.start();
    sm = server.client();
  });
  after(async () => {
    await server.stop();
    server.removeDataDir();
  });

  async function current(secretId: string): Promise<Creds & Record<string, any>> {
    return JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString!);
  }

  async function rotate(secretId: string, fn: string): Promise<void> {
    await sm.send(new RotateSecretCommand({ SecretId: secretId, RotationLambdaARN: lambdaArn(fn), RotationRules: { AutomaticallyAfterDays: 30 } }));
    const end = await waitForRotationEnd(server, secretId);
    assert.equal(end.status, 'Succeeded', end.lastError);
  }

  it('coffer-postgresql-single-user: the new password works, the old one fails, excludeCharacters is honoured', async () => {
    const user = `app_pgs_${suffix}`;
    await pgAdmin(`CREATE ROLE ${user} LOGIN PASSWORD 'initial-pw-1'`);
    const secret = { engine: 'postgres', host: db!.pg.host, port: db!.pg.port, username: user, password: 'initial-pw-1', dbname: 'postgres', excludeCharacters: EXCLUDED };
    await sm.send(new CreateSecretCommand({ Name: 'pg-single', SecretString: JSON.stringify(secret) }));
    await rotate('pg-single', 'coffer-postgresql-single-user');
    const next = await current('pg-single');
    assert.equal(next.username, user);
    assert.equal(next.password.length, 32);
    for (const ch of EXCLUDED) assert.equal(next.password.includes(ch), false, `excluded ${ch}`);
    assert.equal(next.excludeCharacters, EXCLUDED, 'other members are kept');
    assert.equal(await pgLogin(next), true, 'new password works');
    assert.equal(await pgLogin(secret), false, 'old password fails');
    assert.equal(server.output.includes(next.password), false, 'the password is never logged');
  });

  it('coffer-postgresql-single-user over TLS when the secret says ssl: true (the role may only log in with TLS)', async () => {
    await pgAdmin(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tls_only') THEN CREATE ROLE tls_only LOGIN PASSWORD 'tls-initial'; ELSE ALTER ROLE tls_only PASSWORD 'tls-initial'; END IF; END $$`);
    const secret = { engine: 'postgres', host: db!.pg.host, port: db!.pg.port, username: 'tls_only', password: 'tls-initial', dbname: 'postgres', ssl: true };
    assert.equal(await pgLogin(secret, false), false, 'pg_hba refuses tls_only without TLS');
    assert.equal(await pgLogin(secret, true), true);
    await sm.send(new CreateSecretCommand({ Name: 'pg-tls', SecretString: JSON.stringify(secret) }));
    await rotate('pg-tls', 'coffer-postgresql-single-user');
    const next = await current('pg-tls');
    assert.equal(next.ssl, true);
    assert.equal(await pgLogin(next, true), true);
    assert.equal(await pgLogin(secret, true), false);
  });

  it('coffer-postgresql-alternating-users: creates the _clone user with the same privileges; the other user keeps working', async () => {
    const user = `app_pga_${suffix}`;
    await pgAdmin(`CREATE ROLE ${user} LOGIN PASSWORD 'alt-initial'; CREATE TABLE ${user}_data (n int); ALTER TABLE ${user}_data OWNER TO ${user}; INSERT INTO ${user}_data VALUES (42)`);
    const master = await sm.send(new CreateSecretCommand({
      Name: 'pg-master',
      SecretString: JSON.stringify({ engine: 'postgres', host: db!.pg.host, port: db!.pg.port, username: db!.pg.user, password: db!.pg.password, dbname: 'postgres' }),
    }));
    const v1 = { engine: 'postgres', host: db!.pg.host, port: db!.pg.port, username: user, password: 'alt-initial', dbname: 'postgres', masterarn: master.ARN };
    await sm.send(new CreateSecretCommand({ Name: 'pg-alt', SecretString: JSON.stringify(v1) }));

    await rotate('pg-alt', 'coffer-postgresql-alternating-users');
    const v2 = await current('pg-alt');
    assert.equal(v2.username, `${user}_clone`);
    assert.equal(v2.masterarn, master.ARN);
    assert.equal(await pgLogin(v2), true, 'the clone logs in');
    assert.equal(await pgLogin(v1), true, 'the other user keeps working');
    const client = new pg.Client({ host: db!.pg.host, port: db!.pg.port, user: v2.username, password: v2.password, database: 'postgres' });
    await client.connect();
    assert.equal((await client.query(`SELECT n FROM ${user}_data`)).rows[0].n, 42, "the clone has the user's privileges");
    await client.end();

    await rotate('pg-alt', 'coffer-postgresql-alternating-users');
    const v3 = await current('pg-alt');
    assert.equal(v3.username, user);
    assert.equal(await pgLogin(v3), true, 'the new password works');
    assert.equal(await pgLogin(v1), false, 'the old password of that user fails');
    assert.equal(await pgLogin(v2), true, 'the other user (now AWSPREVIOUS) keeps working');
  });

  it('alternating users: AWSCURRENT credentials that do not log in stop the rotation before the master secret is used (confused deputy)', async () => {
    const victim = `app_victim_${suffix}`;
    await pgAdmin(`CREATE ROLE ${victim} LOGIN PASSWORD 'only-the-owner-knows'`);
    const master = await sm.send(new CreateSecretCommand({
      Name: 'pg-master-2',
      SecretString: JSON.stringify({ engine: 'postgres', host: db!.pg.host, port: db!.pg.port, username: db!.pg.user, password: db!.pg.password, dbname: 'postgres' }),
    }));
    // Someone who may write this secret, but does not know the victim's password, names the victim.
    const forged = { engine: 'postgres', host: db!.pg.host, port: db!.pg.port, username: victim, password: 'a-guess', dbname: 'postgres', masterarn: master.ARN };
    await sm.send(new CreateSecretCommand({ Name: 'pg-forged', SecretString: JSON.stringify(forged) }));
    await sm.send(new RotateSecretCommand({ SecretId: 'pg-forged', RotationLambdaARN: lambdaArn('coffer-postgresql-alternating-users') }));
    const end = await waitForRotationEnd(server, 'pg-forged');
    assert.equal(end.status, 'Failed');
    assert.equal(end.step, 'setSecret');
    assert.match(end.lastError, /unable to log into the database with the AWSCURRENT secret/);
    const clones = await pgAdmin(`SELECT rolname FROM pg_roles WHERE rolname = '${victim}_clone'`);
    assert.equal(clones.rows.length, 0, 'no clone of the victim was created');
    assert.deepEqual(await current('pg-forged'), forged, 'AWSCURRENT untouched');
  });

  it('coffer-mysql-single-user (MariaDB): the new password works, the old one fails', async () => {
    const user = `my_single_${suffix}`;
    await mysqlAdmin(`CREATE USER '${user}'@'%' IDENTIFIED BY 'my-initial-1'`);
    const secret = { engine: 'mysql', host: db!.mysql.host, port: db!.mysql.port, username: user, password: 'my-initial-1', excludeCharacters: EXCLUDED };
    assert.equal(await mysqlLogin(secret), true);
    await sm.send(new CreateSecretCommand({ Name: 'my-single', SecretString: JSON.stringify(secret) }));
    await rotate('my-single', 'coffer-mysql-single-user');
    const next = await current('my-single');
    for (const ch of EXCLUDED) assert.equal(next.password.includes(ch), false, `excluded ${ch}`);
    assert.equal(await mysqlLogin(next), true, 'new password works');
    assert.equal(await mysqlLogin(secret), false, 'old password fails');
    assert.equal(server.output.includes(next.password), false, 'the password is never logged');
  });

  it('coffer-mysql-single-user over TLS when the secret says ssl: true', async () => {
    const user = `my_tls_${suffix}`;
    await mysqlAdmin(`CREATE USER '${user}'@'%' IDENTIFIED BY 'tls-initial' REQUIRE SSL`);
    const secret = { engine: 'mariadb', host: db!.mysql.host, port: db!.mysql.port, username: user, password: 'tls-initial', ssl: true };
    assert.equal(await mysqlLogin(secret), false, 'REQUIRE SSL refuses a plain login');
    await sm.send(new CreateSecretCommand({ Name: 'my-tls', SecretString: JSON.stringify(secret) }));
    await rotate('my-tls', 'coffer-mysql-single-user');
    const next = await current('my-tls');
    const conn = await mysql.createConnection({ host: db!.mysql.host, port: db!.mysql.port, user, password: next.password, ssl: { rejectUnauthorized: false } });
    const [rows] = await conn.query("SHOW STATUS LIKE 'Ssl_cipher'");
    assert.notEqual((rows as any[])[0].Value, '');
    await conn.end();
  });

  it('coffer-mysql-alternating-users (MariaDB): the clone gets the grants; the other user keeps working', async () => {
    const user = `my_alt_${suffix}`;
    const dbname = `appdb_${suffix}`;
    await mysqlAdmin(
      `CREATE DATABASE ${dbname}; CREATE TABLE ${dbname}.data (n int); INSERT INTO ${dbname}.data VALUES (7); CREATE USER '${user}'@'%' IDENTIFIED BY 'alt-initial'; GRANT SELECT ON ${dbname}.* TO '${user}'@'%'`,
    );
    const master = await sm.send(new CreateSecretCommand({
      Name: 'my-master',
      SecretString: JSON.stringify({ engine: 'mysql', host: db!.mysql.host, port: db!.mysql.port, username: db!.mysql.user, password: db!.mysql.password }),
    }));
    const v1 = { engine: 'mysql', host: db!.mysql.host, port: db!.mysql.port, username: user, password: 'alt-initial', dbname, masterarn: master.ARN };
    await sm.send(new CreateSecretCommand({ Name: 'my-alt', SecretString: JSON.stringify(v1) }));

    await rotate('my-alt', 'coffer-mysql-alternating-users');
    const v2 = await current('my-alt');
    assert.equal(v2.username, `${user}_clone`);
    assert.equal(await mysqlLogin(v2), true, 'the clone logs in');
    assert.equal(await mysqlLogin(v1), true, 'the other user keeps working');
    const conn = await mysql.createConnection({ host: db!.mysql.host, port: db!.mysql.port, user: v2.username, password: v2.password, database: dbname });
    assert.equal(((await conn.query('SELECT n FROM data'))[0] as any[])[0].n, 7, "the clone has the user's grants");
    await conn.end();

    await rotate('my-alt', 'coffer-mysql-alternating-users');
    const v3 = await current('my-alt');
    assert.equal(v3.username, user);
    assert.equal(await mysqlLogin(v3), true, 'the new password works');
    assert.equal(await mysqlLogin(v1), false, 'the old password of that user fails');
    assert.equal(await mysqlLogin(v2), true, 'the other user (now AWSPREVIOUS) keeps working');
  });
});
