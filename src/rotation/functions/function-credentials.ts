import { createAccessKey } from '../../iam/index.js';
import type { RootKey } from '../../seal/index.js';
import type { Store, StoreTx } from '../../store/index.js';

export interface FunctionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The IAM user whose access keys rotation functions use until roles arrive: the account's admin. */
export function rotationPrincipalArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:user/admin`;
}

const BUILT_IN_KEY_SETTING = (accountId: string) => `rotation/built-in-access-key/${accountId}`;

/** Issues an access key for a function (stored sealed, like every access key). */
export async function issueFunctionKey(tx: StoreTx, root: RootKey, accountId: string, now: number): Promise<FunctionCredentials> {
  const principal = await tx.getPrincipal(rotationPrincipalArn(accountId));
  if (!principal) throw new Error(`account ${accountId} has no admin user to issue a function key to`);
  return createAccessKey(tx, root, principal, now);
}

/** Opens a stored access key. */
export async function openKey(tx: StoreTx, root: RootKey, accessKeyId: string): Promise<FunctionCredentials | undefined> {
  const key = await tx.getAccessKey(accessKeyId);
  if (!key || key.status !== 'Active') return undefined;
  return { accessKeyId, secretAccessKey: root.unwrap(key.sealedSecret, accessKeyId).toString('utf8') };
}

/**
 * The access key the built-in rotators call Coffer's API with, one per account, issued on first
 * use (so their calls are authenticated, authorised and logged like any other caller's).
 */
export async function builtInKey(store: Store, root: RootKey, accountId: string, now: number): Promise<FunctionCredentials> {
  const name = BUILT_IN_KEY_SETTING(accountId);
  const existing = await store.read(async (tx) => {
    const id = await tx.getSetting(name);
    return id && openKey(tx, root, id.toString('utf8'));
  });
  if (existing) return existing;
  return store.write(async (tx) => {
    const id = await tx.getSetting(name);
    const again = id && (await openKey(tx, root, id.toString('utf8')));
    if (again) return again;
    const key = await issueFunctionKey(tx, root, accountId, now);
    await tx.putSetting(name, Buffer.from(key.accessKeyId, 'utf8'));
    return key;
  });
}
