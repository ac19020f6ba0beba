import type { Store, StoreTx } from '../store/index.js';

/**
 * A counter in the store's settings that every IAM write (users, groups, memberships, roles, tags,
 * policies, attachments, permissions boundaries, access keys) moves on in the same transaction. A cache of what
 * identities are allowed (the policy authoriser's) can re-read it cheaply, at most once a
 * second, and drop what it holds when it moved: then an IAM change takes effect in every process
 * sharing the store within that second.
 */
export const IAM_GENERATION_SETTING = 'iam/generation';

export async function readIamGeneration(tx: StoreTx): Promise<string> {
  return (await tx.getSetting(IAM_GENERATION_SETTING))?.toString('utf8') ?? '0';
}

async function bump(tx: StoreTx): Promise<void> {
  const n = Number(await readIamGeneration(tx));
  await tx.putSetting(IAM_GENERATION_SETTING, Buffer.from(String((Number.isFinite(n) ? n : 0) + 1), 'utf8'));
}

/** The store as IAM's handlers see it: each write transaction also moves the IAM generation. */
export function iamGenerationStore(store: Store): Store {
  return {
    read: (fn) => store.read(fn),
    write: (fn) =>
      store.write(async (tx) => {
        const result = await fn(tx);
        await bump(tx);
        return result;
      }),
    close: () => store.close(),
  };
}
