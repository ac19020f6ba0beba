import crypto from 'node:crypto';
import { errors } from '../errors/index.js';
import type { SecretRecord, StoreTx } from '../store/index.js';

const NAME_CHARS = /^[A-Za-z0-9/_+=.@!-]+$/;
const CREATE_NAME_CHARS = /^[A-Za-z0-9/_+=.@-]+$/;
const INVALID_NAME = 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** CreateSecret's Name: ASCII letters, digits and /_+=.@- (api-notes §3). */
export function checkNewName(name: string): void {
  if (!CREATE_NAME_CHARS.test(name)) throw errors.validation(INVALID_NAME);
}

/** A SecretId that is not an ARN must be a valid name ('!' allowed for service-managed secrets). */
export function checkSecretId(secretId: string): void {
  if (!secretId.startsWith('arn:') && !NAME_CHARS.test(secretId)) throw errors.validation(INVALID_NAME);
}

/** A new secret's ARN: the name plus '-' and six random mixed-case alphanumerics. */
export function newSecretArn(region: string, accountId: string, name: string): string {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += SUFFIX_ALPHABET[crypto.randomInt(SUFFIX_ALPHABET.length)];
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
}

const ARN = /^arn:aws:secretsmanager:([^:]+):(\d{12}):secret:(.+)$/;

/**
 * Finds a secret by name (in the caller's account and region), full ARN, or partial ARN (the ARN
 * without its '-XXXXXX' suffix). Returns undefined when there is none; scheduled-for-deletion
 * secrets are found too.
 */
export async function findSecret(
  tx: StoreTx,
  accountId: string,
  region: string,
  secretId: string,
): Promise<SecretRecord | undefined> {
  if (!secretId.startsWith('arn:')) return tx.getSecretByName(accountId, region, secretId);
  const m = ARN.exec(secretId);
  if (!m) return undefined;
  const exact = await tx.getSecretByArn(secretId);
  if (exact) return exact;
  // A resource part ending in '-' + 6 characters is taken as a full ARN (api-notes §3).
  if (/-[A-Za-z0-9]{6}$/.test(m[3]!)) return undefined;
  return tx.getSecretByName(m[2]!, m[1]!, m[3]!);
}

/** Like findSecret but throws ResourceNotFoundException. */
export async function requireSecret(
  tx: StoreTx,
  accountId: string,
  region: string,
  secretId: string,
): Promise<SecretRecord> {
  const s = await findSecret(tx, accountId, region, secretId);
  if (!s) throw errors.notFound();
  return s;
}

/** Like requireSecret, and refuses a secret scheduled for deletion (InvalidRequestException). */
export async function requireLiveSecret(
  tx: StoreTx,
  accountId: string,
  region: string,
  secretId: string,
): Promise<SecretRecord> {
  const secret = await requireSecret(tx, accountId, region, secretId);
  requireLive(secret);
  return secret;
}

/** Throws AWS's InvalidRequestException for a secret scheduled for deletion. */
export function requireLive(s: SecretRecord): void {
  if (s.deletionDate !== undefined) {
    throw errors.invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
  }
}

/**
 * The write of a metadata change: finds the live secret named by `secretId` in the caller's
 * account, lets `change` modify it, and stores it with LastChangedDate = now.
 */
export async function changeLiveSecret(
  tx: StoreTx,
  accountId: string,
  region: string,
  secretId: string,
  now: number,
  change: (s: SecretRecord) => void,
): Promise<SecretRecord> {
  const secret = await requireLiveSecret(tx, accountId, region, secretId);
  change(secret);
  secret.lastChangedAt = now;
  await tx.updateSecret(secret);
  return secret;
}
