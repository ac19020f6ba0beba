import type { Operation } from '../../operation/index.js';

/**
 * sts:GetCallerIdentity. "No permissions are required to perform this operation": AWS answers it
 * even under an explicit deny, so it is not authorised (authorization: 'none').
 */
export function getCallerIdentityOperation(): Operation {
  return {
    service: 'sts',
    name: 'GetCallerIdentity',
    readOnly: true,
    authorization: 'none',
    resource: () => undefined,
    handler: async (ctx) => ({ UserId: ctx.caller.principalId, Account: ctx.caller.accountId, Arn: ctx.caller.arn }),
  };
}
