import type { Operation } from '../operation/index.js';
import { iamGenerationStore } from './iam-generation.js';
import type { IamDeps } from './iam-operation.js';
import { accessKeyOperations } from './operations/access-keys.js';
import { attachedPolicyOperations } from './operations/attached-policies.js';
import { groupOperations } from './operations/groups.js';
import { inlinePolicyOperations } from './operations/inline-policies.js';
import { managedPolicyOperations } from './operations/managed-policies.js';
import { permissionsBoundaryOperations } from './operations/permissions-boundaries.js';
import { roleOperations } from './operations/roles.js';
import { simulationOperations } from './operations/simulation.js';
import { userOperations } from './operations/users.js';

/**
 * The IAM operations Coffer serves (a subset of the model: the others answer InvalidAction). Their
 * writes move the IAM generation (iam-generation.ts), for caches of identity policies.
 */
export function iamOperations(iamDeps: IamDeps): Operation[] {
  const deps = { ...iamDeps, store: iamGenerationStore(iamDeps.store) };
  const kinds = ['User', 'Group', 'Role'] as const;
  return [
    ...userOperations(deps),
    ...accessKeyOperations(deps),
    ...groupOperations(deps),
    ...roleOperations(deps),
    ...permissionsBoundaryOperations(deps),
    ...managedPolicyOperations(deps),
    ...kinds.flatMap((k) => inlinePolicyOperations(deps, k)),
    ...kinds.flatMap((k) => attachedPolicyOperations(deps, k)),
    ...simulationOperations(deps),
  ];
}
