import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BIN, ROOT, type CofferServer } from './coffer-server.js';
import { iamClient } from './identity-clients.js';

export const ACCOUNT = '000000000000';

/** The rotation function ARN of a function name in the test account and region. */
export function lambdaArn(name: string): string {
  return `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
}

/** Debian's python3 (with python3-boto3), and the runner shipped with Coffer. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const RUNNER = path.join(ROOT, 'runners', 'lambda_runner.py');
/** The test rotation function (test/fixtures/rotation-function/lambda_function.py). */
export const TEST_FUNCTION_DIR = path.join(ROOT, 'test', 'fixtures', 'rotation-function');
export const TEST_FUNCTION_COMMAND = `${DEBIAN_PYTHON} ${RUNNER} ${TEST_FUNCTION_DIR}`;

/** Server settings that make rotation quick to observe in tests. */
export function rotationEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    COFFER_ROTATION_POLL_SECONDS: '0.2',
    COFFER_ROTATION_RETRY_SECONDS: '0.2',
    COFFER_ROTATION_STEP_TIMEOUT_SECONDS: '20',
    ...extra,
  };
  if (process.env.COFFER_TEST_DB_CA) env.NODE_EXTRA_CA_CERTS = process.env.COFFER_TEST_DB_CA;
  return env;
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  json: any;
}

/** Runs `bin/coffer ARGS` on the server's data directory. */
export function coffer(server: CofferServer, args: string[]): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', COFFER_DATA_DIR: server.dataDir },
    encoding: 'utf8',
  });
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}

/** The trust policy of a Lambda execution role: what `function create --role` requires. */
export const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The calls of a rotation function's four steps (AWS's templates and the test function). */
export const ROTATION_ACTIONS = [
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
  'secretsmanager:GetRandomPassword',
];

/** Creates a role (trusting Lambda unless told otherwise) allowed `actions` on every resource; returns its ARN. */
export async function createFunctionRole(
  server: CofferServer,
  roleName: string,
  actions: string[] = ROTATION_ACTIONS,
  trust: string = LAMBDA_TRUST,
): Promise<string> {
  const iam = iamClient(server);
  const role = await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }));
  if (actions.length > 0) {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] };
    await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'rotation', PolicyDocument: JSON.stringify(policy) }));
  }
  return role.Role!.Arn!;
}

/**
 * Registers a command function running as `roleArn`, or as a new role `<name>-role` allowed the
 * rotation calls; returns the function's ARN.
 */
export async function createCommandFunction(
  server: CofferServer,
  name: string,
  command: string,
  env: Record<string, string> = {},
  roleArn?: string,
): Promise<string> {
  const role = roleArn ?? (await createFunctionRole(server, `${name}-role`));
  const args = ['function', 'create', '--name', name, '--command', command, '--role', role];
  for (const [k, v] of Object.entries(env)) args.push('--env', `${k}=${v}`);
  const r = coffer(server, args);
  if (r.status !== 0) throw new Error(`function create failed: ${r.stderr}`);
  return r.json.FunctionArn;
}

/** `coffer rotation status SECRET` as JSON. */
export function rotationStatus(server: CofferServer, secretId: string): any {
  const r = coffer(server, ['rotation', 'status', secretId]);
  if (r.status !== 0) throw new Error(`rotation status failed: ${r.stderr}`);
  return r.json;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Waits until the secret's latest rotation has ended; returns its state machine. */
export async function waitForRotationEnd(server: CofferServer, secretId: string, timeoutMs = 60_000): Promise<any> {
  return waitFor(
    `the rotation of ${secretId} to end`,
    () => {
      const s = rotationStatus(server, secretId);
      return s.rotation && s.rotation.status !== 'InProgress' ? s.rotation : undefined;
    },
    timeoutMs,
  );
}

/** The version holding a label, from DescribeSecret. */
export async function versionWith(sm: SecretsManagerClient, secretId: string, stage: string): Promise<string | undefined> {
  const d = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  return Object.entries(d.VersionIdsToStages ?? {}).find(([, s]) => s.includes(stage))?.[0];
}

/** The lines of a STEP_LOG file, parsed. */
export function stepLog(file: string): any[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Connection settings of the throwaway database servers (.ci/databases.sh); undefined without them. */
export function databases():
  | { pg: { host: string; port: number; user: string; password: string }; mysql: { host: string; port: number; user: string; password: string } }
  | undefined {
  const e = process.env;
  if (!e.COFFER_TEST_PG_PORT || !e.COFFER_TEST_MYSQL_PORT) return undefined;
  return {
    pg: { host: e.COFFER_TEST_PG_HOST!, port: Number(e.COFFER_TEST_PG_PORT), user: e.COFFER_TEST_PG_USER!, password: e.COFFER_TEST_PG_PASSWORD! },
    mysql: { host: e.COFFER_TEST_MYSQL_HOST!, port: Number(e.COFFER_TEST_MYSQL_PORT), user: e.COFFER_TEST_MYSQL_USER!, password: e.COFFER_TEST_MYSQL_PASSWORD! },
  };
}
