import crypto from 'node:crypto';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * IAM unique ids: a four-letter prefix naming the kind (AIDA user, AGPA group, AROA role,
 * ANPA managed policy, ASIA temporary access key) and random characters of A-Z2-7, 21 in all
 * (20 for access keys).
 */
export function uniqueId(prefix: 'AIDA' | 'AGPA' | 'AROA' | 'ANPA', length = 21): string {
  let id = prefix;
  while (id.length < length) id += ID_ALPHABET[crypto.randomInt(ID_ALPHABET.length)];
  return id;
}

/** ASIA + 16: the access key id of temporary credentials. */
export function temporaryAccessKeyId(): string {
  let id = 'ASIA';
  while (id.length < 20) id += ID_ALPHABET[crypto.randomInt(ID_ALPHABET.length)];
  return id;
}

/** arn:aws:iam::<account>:<kind>/<path without the leading slash><name> */
export function iamArn(accountId: string, kind: 'user' | 'group' | 'role' | 'policy', path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}

/** The parts of an IAM ARN of the given kind, or undefined. */
export function parseIamArn(arn: string, kind: 'role' | 'policy' | 'user'): { accountId: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}|aws):([a-z]+)(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  if (!m || m[2] !== kind) return undefined;
  return { accountId: m[1]!, path: m[3]!, name: m[4]! };
}
