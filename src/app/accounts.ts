import crypto from 'node:crypto';
import { createAccessKey, createUser, type NewAccessKey } from '../iam/index.js';
import type { KeyService } from '../kms/index.js';
import type { RootKey } from '../seal/index.js';
import type { AccountRecord, Store, StoreTx } from '../store/index.js';

/** The user every account starts with: its administrator. */
export const ADMIN_USER = 'admin';

/** A refused account creation: the message is one line for a human. */
export class AccountError extends Error {}

export interface NewAccount {
  account: AccountRecord;
  adminArn: string;
  /** Shown once; stored only sealed. */
  accessKey: NewAccessKey;
}

/**
 * What makes an account: its row, its AWS-managed key aws/secretsmanager in the region, and its
 * admin user with one access key (the given one, or a fresh one). Runs inside the caller's write.
 */
export async function seedAccount(
  tx: StoreTx,
  keys: KeyService,
  root: RootKey,
  account: AccountRecord,
  region: string,
  given?: NewAccessKey,
): Promise<NewAccount> {
  await tx.insertAccount(account);
  await keys.ensureSecretsManagerKey(tx, account.id, region, account.createdAt);
  const admin = await createUser(tx, account.id, ADMIN_USER, true, account.createdAt);
  const accessKey = await createAccessKey(tx, root, admin, account.createdAt, given);
  return { account, adminArn: admin.arn, accessKey };
}

/**
 * `coffer account create`: a new account beside the others in this deployment. `id` defaults to
 * 12 random digits no account has yet; names are unique too.
 */
export async function createAccount(
  store: Store,
  keys: KeyService,
  root: RootKey,
  request: { name: string; id?: string },
  region: string,
  now: number,
): Promise<NewAccount> {
  const name = request.name.trim();
  if (name === '' || name.length > 64 || /[\u0000-\u001f]/.test(name)) throw new AccountError('--name must be 1 to 64 printable characters');
  if (request.id !== undefined && !/^\d{12}$/.test(request.id)) throw new AccountError('--id must be 12 digits');
  return store.write(async (tx) => {
    const existing = await tx.listAccounts();
    if (existing.some((a) => a.name === name)) throw new AccountError(`an account named ${JSON.stringify(name)} already exists`);
    let id = request.id;
    if (id !== undefined && existing.some((a) => a.id === id)) throw new AccountError(`account ${id} already exists`);
    while (id === undefined || existing.some((a) => a.id === id)) id = String(crypto.randomInt(1e11, 1e12)).padStart(12, '0');
    return seedAccount(tx, keys, root, { id, name, createdAt: now }, region);
  });
}
