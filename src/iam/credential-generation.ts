import type { StoreTx } from '../store/index.js';

/**
 * A counter in the store's settings that every change taking a credential away (an access key
 * deactivated or deleted) moves on, in the same transaction. Each process's CredentialDirectory
 * reads it at most once a second and drops its whole cache when it moved, so that such a change
 * takes effect in every process sharing the store (cluster workers, other nodes) within a second,
 * not only in the process that made it.
 */
export const CREDENTIAL_GENERATION_SETTING = 'iam/credential-generation';

export async function bumpCredentialGeneration(tx: StoreTx): Promise<void> {
  const current = Number((await tx.getSetting(CREDENTIAL_GENERATION_SETTING))?.toString('utf8') ?? '0');
  await tx.putSetting(CREDENTIAL_GENERATION_SETTING, Buffer.from(String((Number.isFinite(current) ? current : 0) + 1), 'utf8'));
}

export async function readCredentialGeneration(tx: StoreTx): Promise<string> {
  return (await tx.getSetting(CREDENTIAL_GENERATION_SETTING))?.toString('utf8') ?? '0';
}
