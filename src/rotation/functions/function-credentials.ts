import { createAccessKey } from '../../iam/index.js';
import type { RootKey } from '../../seal/index.js';
import type { Store, StoreTx } from '../../store/index.js';

/** The credentials a function calls Coffer with: a role session's (with its token), or the built-ins' key. */
export interface FunctionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** The session token of temporary credentials (absent for the built-ins' access key). */
  sessionToken?: string;
  /** When temporary credentials expire (epoch ms). */
  expiresAt?: number;
}

/** The IAM user whose access key the built-in rotators use: the account's admin. */
export function rotationPrincipalArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:user/admin`;
}

const BUILT_IN_KEY_SETTING = (accountId: string) => `rotation/built-in-access-key/${accountId}`;

/** Issues the built-ins' access key of an account (stored sealed, like every access key). */
async function issueBuiltInKey(tx: StoreTx, root: RootKey, accountId: string, now: number): Promise<FunctionCredentials> {
  const principal = await tx.getPrincipal(rotationPrincipalArn(accountId));
  if (!principal) throw new Error(`account ${accountId} has no admin user to issue a function key to`);
  return createAccessKey(tx, root, principal, now);
}

/** Opens a stored access key. */
async function openKey(tx: StoreTx, root: RootKey, accessKeyId: string): Promise<FunctionCredentials | undefined> {
  const key = await tx.getAccessKey(accessKeyId);
  if (!key || key.status !== 'Active') return undefined;
  return { accessKeyId, secretAccessKey: root.unwrap(key.sealedSecret, accessKeyId).toString('utf8') };
}

/**
 * The access key the built-in rotators call Coffer's API with, one per account, issued on first
 * use (so their calls are authenticated, authorised and logged like any other caller's).
 *
 * Why the built-ins do not run as a role session like registered functions: they are Coffer's
 * counterpart of AWS's *managed rotation* (Secrets Manager User Guide, "Managed rotation for AWS
 * Secrets Manager secrets"), where the service itself rotates the secret with its own authority
 * and the customer names no function and no role. AWS's RotateSecret has no parameter that could
 * carry a role for a function, and a built-in exists in every account without registration, so
 * there is no place where an operator could give one. An operator who wants least privilege
 * writes (or wraps) a function and registers it with `--role`, as with AWS's rotation templates,
 * which are deployed as Lambda functions with their own execution role.
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
    const key = await issueBuiltInKey(tx, root, accountId, now);
    await tx.putSetting(name, Buffer.from(key.accessKeyId, 'utf8'));
    return key;
  });
}
