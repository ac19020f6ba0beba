import crypto from 'node:crypto';
import type { PrincipalRecord, StoreTx } from '../store/index.js';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Creates an IAM user (arn:aws:iam::<account>:user/<name>) with an AIDA... unique id. */
export async function createUser(
  tx: StoreTx,
  accountId: string,
  name: string,
  isAccountAdmin: boolean,
  now: number,
): Promise<PrincipalRecord> {
  let principalId = 'AIDA';
  for (let i = 0; i < 17; i++) principalId += ID_ALPHABET[crypto.randomInt(ID_ALPHABET.length)];
  const p: PrincipalRecord = {
    arn: `arn:aws:iam::${accountId}:user/${name}`,
    accountId,
    type: 'IAMUser',
    name,
    principalId,
    isAccountAdmin,
    createdAt: now,
  };
  await tx.insertPrincipal(p);
  return p;
}
