/**
 * The data the scenarios run over, created through the real API (CreateSecret) by the concurrent
 * client: nothing is written behind Coffer's back.
 */
import crypto from 'node:crypto';
import type { ApiClient } from './api-client.js';

/** GetSecretValue, DescribeSecret, BatchGetSecretValue and PutSecretValue run over these. */
export const SMALL = { secrets: 1000, valueBytes: 4096 } as const;
/** ListSecrets and the start-up measurement run over these. */
export const LARGE = { secrets: 100_000, valueBytes: 64, teams: 10 } as const;

export function smallName(i: number): string {
  return `bench/app-${String(i).padStart(4, '0')}`;
}

export function largeName(i: number): string {
  return `team-${i % LARGE.teams}/service-${String(i).padStart(6, '0')}`;
}

/** The ListSecrets filter scenario: a name prefix one secret in LARGE.teams has. */
export const LIST_FILTER_PREFIX = 'team-3/';

/** A printable ASCII value (no JSON escaping needed) of exactly `bytes` bytes. */
export function asciiValue(bytes: number): string {
  return crypto.randomBytes(Math.ceil((bytes * 3) / 4) + 3).toString('base64').replace(/[+/=]/g, 'x').slice(0, bytes);
}

export interface SeedResult {
  secrets: number;
  ms: number;
  perSecond: number;
}

export async function seedSmall(api: ApiClient): Promise<SeedResult> {
  const ms = await api.many(SMALL.secrets, (i) => [
    'CreateSecret',
    { Name: smallName(i), SecretString: asciiValue(SMALL.valueBytes), ClientRequestToken: crypto.randomUUID() },
  ]);
  // Read each once: the first read of a secret records LastAccessedDate (one write per secret and
  // day), which belongs to no steady state.
  await api.many(SMALL.secrets, (i) => ['GetSecretValue', { SecretId: smallName(i) }]);
  return { secrets: SMALL.secrets, ms, perSecond: (SMALL.secrets / ms) * 1000 };
}

export async function seedLarge(api: ApiClient, onProgress?: (done: number) => void): Promise<SeedResult> {
  const value = asciiValue(LARGE.valueBytes);
  const ms = await api.many(LARGE.secrets, (i) => {
    if (onProgress && i > 0 && i % 20_000 === 0) onProgress(i);
    return [
      'CreateSecret',
      {
        Name: largeName(i),
        SecretString: value,
        ClientRequestToken: crypto.randomUUID(),
        Tags: [{ Key: 'env', Value: i % 2 === 0 ? 'prod' : 'dev' }],
      },
    ];
  });
  return { secrets: LARGE.secrets, ms, perSecond: (LARGE.secrets / ms) * 1000 };
}
