/**
 * The measured calls: what each request carries, how a pool of them is pre-signed, and what a
 * correct answer looks like (checked on samples before every measurement, so a fast wrong answer
 * can never pass for a result).
 */
import crypto from 'node:crypto';
import type { ApiClient } from './api-client.js';
import { asciiValue, LARGE, LIST_FILTER_PREFIX, SMALL, smallName } from './datasets.js';
import type { RequestPool } from './load.js';
import { wireRequest, type RequestSigner } from './signer.js';

export interface Scenario {
  key: string;
  title: string;
  operation: string;
  dataset: 'small' | 'large';
  /** The input of one request (random choices are made here). */
  input(): Record<string, unknown>;
  /** A large string every request body carries once (kept once by the load generator). */
  shared: string;
  /** Each request may be sent only once (a fresh ClientRequestToken each): pools are sized to the run. */
  unique: boolean;
  /** Why an answer is wrong, or undefined when it is right. */
  check(output: any, input: any): string | undefined;
}

const pick = (n: number) => crypto.randomInt(n);
const PUT_VALUE = asciiValue(SMALL.valueBytes);

export const SCENARIOS: Scenario[] = [
  {
    key: 'get-secret-value',
    title: 'GetSecretValue (4 KB value, random of 1,000)',
    operation: 'GetSecretValue',
    dataset: 'small',
    input: () => ({ SecretId: smallName(pick(SMALL.secrets)) }),
    shared: '',
    unique: false,
    check: (o, i) =>
      o.Name === i.SecretId && typeof o.SecretString === 'string' && o.SecretString.length === SMALL.valueBytes
        ? undefined
        : 'not the secret asked for, or not its 4 KB value',
  },
  {
    key: 'describe-secret',
    title: 'DescribeSecret (random of 1,000)',
    operation: 'DescribeSecret',
    dataset: 'small',
    input: () => ({ SecretId: smallName(pick(SMALL.secrets)) }),
    shared: '',
    unique: false,
    check: (o, i) => (o.Name === i.SecretId && o.VersionIdsToStages ? undefined : 'not the secret asked for'),
  },
  {
    key: 'batch-get-secret-value',
    title: 'BatchGetSecretValue of 20 (4 KB values)',
    operation: 'BatchGetSecretValue',
    dataset: 'small',
    input: () => {
      const ids = new Set<string>();
      while (ids.size < 20) ids.add(smallName(pick(SMALL.secrets)));
      return { SecretIdList: [...ids] };
    },
    shared: '',
    unique: false,
    check: (o) =>
      o.SecretValues?.length === 20 && o.Errors?.length === 0 && o.SecretValues.every((v: any) => v.SecretString?.length === SMALL.valueBytes)
        ? undefined
        : 'not 20 values without errors',
  },
  {
    key: 'put-secret-value',
    title: 'PutSecretValue (4 KB value, durable, fresh token each)',
    operation: 'PutSecretValue',
    dataset: 'small',
    input: () => ({ SecretId: smallName(pick(SMALL.secrets)), ClientRequestToken: crypto.randomUUID(), SecretString: PUT_VALUE }),
    shared: PUT_VALUE,
    unique: true,
    check: (o, i) =>
      o.VersionId === i.ClientRequestToken && o.VersionStages?.includes('AWSCURRENT') ? undefined : 'the new version is not AWSCURRENT',
  },
  {
    key: 'list-secrets',
    title: `ListSecrets, page of 100 of ${LARGE.secrets.toLocaleString('en')}`,
    operation: 'ListSecrets',
    dataset: 'large',
    input: () => ({ MaxResults: 100 }),
    shared: '',
    unique: false,
    check: (o) => (o.SecretList?.length === 100 && typeof o.NextToken === 'string' ? undefined : 'not a full page of 100'),
  },
  {
    key: 'list-secrets-filter',
    title: `ListSecrets with a name filter (1 in ${LARGE.teams} match), page of 100`,
    operation: 'ListSecrets',
    dataset: 'large',
    input: () => ({ MaxResults: 100, Filters: [{ Key: 'name', Values: [LIST_FILTER_PREFIX] }] }),
    shared: '',
    unique: false,
    check: (o) =>
      o.SecretList?.length === 100 && o.SecretList.every((s: any) => s.Name.startsWith(LIST_FILTER_PREFIX))
        ? undefined
        : 'not a full page of matching secrets',
  },
];

/** Signs `count` requests of the scenario into a pool for the load generator. */
export async function buildPool(signer: RequestSigner, s: Scenario, count: number): Promise<RequestPool> {
  const items: RequestPool['items'] = [];
  const date = new Date();
  for (let i = 0; i < count; i++) {
    items.push(wireRequest(await signer.sign(s.operation, JSON.stringify(s.input()), date), s.shared));
  }
  return { shared: s.shared, items };
}

/**
 * Sends a few requests of the scenario (not from any pool) and checks the answers. Returns the
 * size of an answer's body, which the baseline server then answers with.
 */
export async function checkScenario(api: ApiClient, s: Scenario): Promise<number> {
  let bytes = 0;
  for (let k = 0; k < 5; k++) {
    const input = s.input();
    const res = await api.send(await api.signer.sign(s.operation, JSON.stringify(input)));
    if (res.status !== 200) throw new Error(`${s.title}: HTTP ${res.status}: ${res.body.slice(0, 300)}`);
    const why = s.check(JSON.parse(res.body), input);
    if (why) throw new Error(`${s.title}: wrong answer: ${why}`);
    bytes = Math.max(bytes, res.bytes);
  }
  return bytes;
}
