import crypto from 'node:crypto';
import type { RootKey } from '../../seal/index.js';
import type { RotationFunctionRecord, Store, StoreTx } from '../../store/index.js';
import { type BuiltInFunction, FUNCTION_NAME, functionArn, isBuiltIn, parseFunctionArn } from './function-arn.js';
import { executionRole } from './function-role.js';

/** A function the engine can invoke. */
export type ResolvedFunction =
  | { kind: 'builtin'; name: BuiltInFunction; accountId: string; region: string }
  | { kind: 'command' | 'url'; record: RotationFunctionRecord };

/**
 * Finds the function a Lambda ARN names for a secret of `accountId`/`region`: a built-in rotator
 * or a function registered in that account and region. Undefined when there is none (RotateSecret
 * then answers AWS's AccessDeniedException).
 */
export async function resolveFunction(
  tx: StoreTx,
  accountId: string,
  region: string,
  arn: string,
): Promise<ResolvedFunction | undefined> {
  const p = parseFunctionArn(arn);
  if (!p || p.accountId !== accountId || p.region !== region) return undefined;
  if (isBuiltIn(p.name)) return { kind: 'builtin', name: p.name, accountId, region };
  const record = await tx.getRotationFunction(accountId, region, p.name);
  return record && { kind: record.kind, record };
}

export class FunctionRegistryError extends Error {}

/** Whether a URL's host is this machine: localhost, 127.0.0.0/8 or [::1]. */
function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export interface NewFunction {
  accountId: string;
  region: string;
  name: string;
  command?: string;
  url?: string;
  env?: Record<string, string>;
  /** The execution role: a role of the function's account that trusts lambda.amazonaws.com. */
  roleArn?: string;
}

export interface CreatedFunction {
  arn: string;
  roleArn: string;
  /** For a URL function: the key that signs its events (shown once). */
  hmacKey?: string;
}

/**
 * Registers a function (`coffer function create`) with its execution role, checked in the same
 * write that stores it: the role must exist in the function's account and trust Lambda, as AWS
 * Lambda's CreateFunction requires. No credential is issued: each invocation gets a session.
 */
export async function createFunction(store: Store, root: RootKey, f: NewFunction, now: number): Promise<CreatedFunction> {
  if (!FUNCTION_NAME.test(f.name)) {
    throw new FunctionRegistryError('a function name is 1 to 64 letters, digits, hyphens or underscores');
  }
  if (isBuiltIn(f.name)) throw new FunctionRegistryError(`${f.name} is a built-in rotator`);
  if ((f.command === undefined) === (f.url === undefined)) throw new FunctionRegistryError('give exactly one of --command and --url');
  if (f.url !== undefined && !/^https?:\/\/[^\s]+$/.test(f.url)) throw new FunctionRegistryError('--url must be an http:// or https:// URL');
  // Every event carries the session's secret and token (http-rotator.ts): plain HTTP only to this machine.
  if (f.url !== undefined && f.url.startsWith('http://') && !isLoopback(f.url)) {
    throw new FunctionRegistryError('--url must be https:// unless the endpoint is on this machine (localhost, 127.0.0.0/8, [::1]): each event carries session credentials');
  }
  const roleArn = f.roleArn;
  if (roleArn === undefined || roleArn === '') {
    throw new FunctionRegistryError('--role is required: the ARN of the IAM role the function runs as (arn:aws:iam::ACCOUNT:role/NAME, trusting lambda.amazonaws.com)');
  }
  const arn = functionArn(f.region, f.accountId, f.name);
  return store.write(async (tx) => {
    if (!(await tx.getAccount(f.accountId))) throw new FunctionRegistryError(`account ${f.accountId} does not exist`);
    if (await tx.getRotationFunction(f.accountId, f.region, f.name)) {
      throw new FunctionRegistryError(`function ${f.name} already exists`);
    }
    const role = await executionRole(tx, f.accountId, roleArn, arn, now);
    if ('problem' in role) throw new FunctionRegistryError(role.problem);
    const hmacKey = f.url !== undefined ? crypto.randomBytes(32).toString('base64url') : undefined;
    const record: RotationFunctionRecord = {
      accountId: f.accountId,
      region: f.region,
      name: f.name,
      kind: f.url !== undefined ? 'url' : 'command',
      roleArn,
      createdAt: now,
    };
    if (f.command !== undefined) record.command = f.command;
    if (f.url !== undefined) record.url = f.url;
    if (f.env !== undefined && Object.keys(f.env).length) record.env = f.env;
    if (hmacKey !== undefined) record.sealedHmacKey = root.wrap(Buffer.from(hmacKey, 'utf8'), arn);
    await tx.insertRotationFunction(record);
    return { arn, roleArn, ...(hmacKey !== undefined ? { hmacKey } : {}) };
  });
}

/** Removes a function (its role is the operator's and stays). */
export async function deleteFunction(store: Store, accountId: string, region: string, name: string): Promise<void> {
  await store.write(async (tx) => {
    const f = await tx.getRotationFunction(accountId, region, name);
    if (!f) throw new FunctionRegistryError(`function ${name} does not exist`);
    await tx.deleteRotationFunction(accountId, region, name);
  });
}

/** The HMAC key of a URL function. */
export function openHmacKey(root: RootKey, f: RotationFunctionRecord): Buffer | undefined {
  return f.sealedHmacKey && root.unwrap(f.sealedHmacKey, functionArn(f.region, f.accountId, f.name));
}
