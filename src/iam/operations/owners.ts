/** The three kinds of IAM identities that policies belong to: their names in requests and lookups. */
import type { StoreTx } from '../../store/index.js';
import { requireGroup, requireRole, requireUser } from '../entities.js';

export type OwnerKind = 'User' | 'Group' | 'Role';

export interface Owner {
  /** AIDA... / AGPA... / AROA... */
  id: string;
  name: string;
}

/** The request member naming the owner: UserName, GroupName, RoleName. */
export const ownerMember = (kind: OwnerKind) => `${kind}Name` as 'UserName' | 'GroupName' | 'RoleName';

export const ownerArnKind = (kind: OwnerKind) => kind.toLowerCase() as 'user' | 'group' | 'role';

export async function requireOwner(tx: StoreTx, kind: OwnerKind, accountId: string, name: string): Promise<Owner> {
  if (kind === 'User') {
    const u = await requireUser(tx, accountId, name);
    return { id: u.principalId, name: u.name };
  }
  if (kind === 'Group') {
    const g = await requireGroup(tx, accountId, name);
    return { id: g.groupId, name: g.name };
  }
  const r = await requireRole(tx, accountId, name);
  return { id: r.roleId, name: r.name };
}
