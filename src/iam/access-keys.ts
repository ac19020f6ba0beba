import crypto from 'node:crypto';
import type { RootKey } from '../seal/index.js';
import type { PrincipalRecord, StoreTx } from '../store/index.js';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export interface NewAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** An access key id in AWS's form: AKIA + 16 characters of A-Z2-7. */
export function newAccessKeyId(): string {
  return 'AKIA' + randomString(ID_ALPHABET, 16);
}

/** A 40-character secret access key, as AWS issues them. */
export function newSecretAccessKey(): string {
  return randomString(SECRET_ALPHABET, 40);
}

/** Issues an access key for a principal; the secret is stored sealed under the root key. */
export async function createAccessKey(
  tx: StoreTx,
  root: RootKey,
  principal: PrincipalRecord,
  now: number,
  given?: NewAccessKey,
): Promise<NewAccessKey> {
  const key = given ?? { accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey() };
  await tx.insertAccessKey({
    accessKeyId: key.accessKeyId,
    principalArn: principal.arn,
    accountId: principal.accountId,
    sealedSecret: root.wrap(Buffer.from(key.secretAccessKey, 'utf8'), key.accessKeyId),
    status: 'Active',
    createdAt: now,
  });
  return key;
}

function randomString(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[crypto.randomInt(alphabet.length)];
  return s;
}
