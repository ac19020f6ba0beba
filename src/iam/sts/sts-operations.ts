import type { Operation } from '../../operation/index.js';
import type { IamDeps } from '../iam-operation.js';
import { assumeRoleOperation } from './assume-role.js';
import { getCallerIdentityOperation } from './get-caller-identity.js';

/** The STS operations Coffer serves (a subset of the model: the others answer InvalidAction). */
export function stsOperations(deps: IamDeps): Operation[] {
  return [getCallerIdentityOperation(), assumeRoleOperation(deps) as Operation];
}
