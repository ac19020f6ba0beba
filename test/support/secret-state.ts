import assert from 'node:assert/strict';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { CofferServer } from './coffer-server.js';
import { rawCall, type RawResponse } from './raw-request.js';

/**
 * Asserts that an output (an SDK result or a raw JSON body) has exactly these members and that
 * none of them is null: AWS omits members without a value (api-notes §1). `$metadata` is the
 * SDK's own and is ignored.
 */
export function assertMembers(out: object, expected: string[]): void {
  const o = out as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => k !== '$metadata').sort();
  assert.deepEqual(keys, [...expected].sort(), 'response members');
  for (const k of keys) assert.ok(o[k] !== null && o[k] !== undefined, `${k} must not be null`);
}

/** A signed raw call that must succeed; returns the JSON body. */
export async function rawOk(server: CofferServer, operation: string, body: unknown): Promise<any> {
  const res = await rawCall(server, `secretsmanager.${operation}`, body);
  assert.equal(res.status, 200, `${operation}: ${res.text}`);
  return res.json;
}

/** Asserts a raw answer is AWS's error rendering: 400, `{__type, Message}` and x-amzn-ErrorType. */
export function assertRawError(res: RawResponse, name: string, message: string): void {
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(res.json, { __type: name, Message: message });
  assert.equal(res.headers.get('x-amzn-errortype'), name);
}

/** A value as the SDK returns it, in one comparable form. */
export function valueOf(out: { SecretString?: string; SecretBinary?: Uint8Array }): string {
  if (out.SecretString !== undefined) return `string:${out.SecretString}`;
  if (out.SecretBinary !== undefined) return `binary:${Buffer.from(out.SecretBinary).toString('base64')}`;
  return 'none';
}

export interface SecretState {
  describe: Record<string, unknown>;
  versions: Record<string, unknown>[];
  /** VersionId -> value, for every version that has one (omitted for a deleted secret). */
  values?: Record<string, string>;
}

/**
 * Everything observable about a secret: DescribeSecret, every version (deprecated ones too) and
 * every version's value. LastAccessedDate is left out: reading the values moves it (by the day).
 */
export async function secretState(sm: SecretsManagerClient, secretId: string): Promise<SecretState> {
  const d = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  const { $metadata: _m, LastAccessedDate: _a, ...describe } = d;
  const l = await sm.send(new ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: true }));
  const versions = (l.Versions ?? []).map(({ LastAccessedDate: _v, ...v }) => ({ ...v }));
  const state: SecretState = { describe, versions };
  if (d.DeletedDate === undefined) {
    state.values = {};
    for (const v of versions) {
      try {
        const got = await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: v.VersionId }));
        state.values[v.VersionId!] = valueOf(got);
      } catch (e) {
        if ((e as Error).name !== 'ResourceNotFoundException') throw e;
      }
    }
  }
  return state;
}

/** Asserts that nothing observable about the secret moved since `before` was taken. */
export async function assertUnchanged(sm: SecretsManagerClient, secretId: string, before: SecretState): Promise<void> {
  assert.deepEqual(await secretState(sm, secretId), before, `state of ${secretId} changed`);
}

/** VersionId -> labels, as DescribeSecret reports them. */
export async function stagesOf(sm: SecretsManagerClient, secretId: string): Promise<Record<string, string[]>> {
  const d = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  return d.VersionIdsToStages ?? {};
}
