import { errors } from '../errors/index.js';
import type { Caller } from '../operation/index.js';

/** Answers whether a caller may perform an action on a resource; throws AccessDeniedException if not. */
export interface Authorizer {
  authorize(caller: Caller, action: string, resource: string | undefined): void;
}

/**
 * Until policies arrive: the account's admin may do everything in its own account, nobody else
 * anything. The message is AWS's (api-notes §2).
 */
export class AdminOnlyAuthorizer implements Authorizer {
  authorize(caller: Caller, action: string, resource: string | undefined): void {
    if (caller.isAccountAdmin && sameAccount(caller.accountId, resource)) return;
    const on = resource === undefined ? '' : ` on resource: ${resource}`;
    throw errors.accessDenied(
      `User: ${caller.arn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`,
    );
  }
}

/** A resource named by ARN belongs to the account in the ARN; a bare name to the caller's. */
function sameAccount(accountId: string, resource: string | undefined): boolean {
  if (resource === undefined || !resource.startsWith('arn:')) return true;
  return resource.split(':')[4] === accountId;
}
