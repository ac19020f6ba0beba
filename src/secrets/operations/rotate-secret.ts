import { errors } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';
import type { RotationRules } from '../../store/index.js';
import type { SecretsDeps } from '../deps.js';
import { requireToken } from '../request-rules.js';
import { beginRotation } from '../rotation-start.js';
import { checkSecretId, requireLiveSecret } from '../secret-id.js';

interface Input {
  SecretId: string;
  ClientRequestToken?: string;
  RotationLambdaARN?: string;
  RotationRules?: RotationRules;
  ExternalSecretRotationMetadata?: { Key: string; Value: string }[];
  ExternalSecretRotationRoleArn?: string;
  RotateImmediately?: boolean;
}

export const NO_FUNCTION = 'No Lambda rotation function ARN is associated with this secret.';
export const CANNOT_INVOKE =
  'Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.';

/**
 * RotateSecret (api-notes §9): saves the rotation configuration and starts a rotation, which the
 * engine runs asynchronously. The new version (id = ClientRequestToken) is recorded value-less
 * with AWSPENDING before any step runs. RotateImmediately=false runs testSecret only, against a
 * temporary copy, and leaves the first rotation to the schedule. The caller needs
 * lambda:InvokeFunction on the function as well as secretsmanager:RotateSecret on the secret.
 * Nothing is saved when the function can't be invoked or a previous rotation is still under way.
 */
export function rotateSecret(deps: SecretsDeps): Operation<Input> {
  return {
    service: 'secretsmanager',
    name: 'RotateSecret',
    readOnly: false,
    resource: (i) => i.SecretId,
    async handler(ctx, input) {
      checkSecretId(input.SecretId);
      const token = requireToken(input.ClientRequestToken, 'parameter');
      // Validated before the secret is looked up, as the model's checks are.
      const requested = input.RotationRules && deps.rotation.planRequest(input.RotationRules, ctx.now);
      const result = await deps.store.write(async (tx) => {
        const secret = await requireLiveSecret(tx, ctx.caller.accountId, ctx.region, input.SecretId);
        const running = await tx.getRotation(secret.arn);
        if (running?.status === 'InProgress' && running.token === token) {
          // A retry of the call that started this rotation (ClientRequestToken idempotency).
          return { out: { ARN: secret.arn, Name: secret.name, VersionId: token }, started: false };
        }
        const functionArn = input.RotationLambdaARN || secret.rotationLambdaArn;
        if (!functionArn) throw errors.invalidRequest(NO_FUNCTION);
        // "You also need lambda:InvokeFunction permissions on the rotation function" (API
        // reference, RotateSecret, Required permissions): otherwise anyone allowed RotateSecret
        // could run any function, with its role, against a secret of their choosing. Checked
        // before the function's existence, so a refused caller learns nothing about it. A function
        // of another account can never be invoked here (no Lambda resource policies): that stays
        // Secrets Manager's CANNOT_INVOKE below.
        // (unverified) AWS's text: Coffer answers the usual AccessDeniedException naming the action.
        if (functionArn.split(':')[4] === secret.accountId) await ctx.authorize('lambda:InvokeFunction', functionArn, { tx });
        if (!(await deps.rotation.canInvoke(tx, secret.accountId, secret.region, functionArn))) {
          throw errors.accessDenied(CANNOT_INVOKE);
        }
        const immediately = input.RotateImmediately ?? true;
        await beginRotation(tx, deps.sealer, secret, {
          token,
          functionArn,
          mode: immediately ? 'rotate' : 'test',
          trigger: 'api',
          now: ctx.now,
        });
        secret.rotationEnabled = true;
        secret.rotationLambdaArn = functionArn;
        if (input.ExternalSecretRotationMetadata !== undefined) {
          secret.externalRotationMetadata = input.ExternalSecretRotationMetadata;
        }
        if (input.ExternalSecretRotationRoleArn !== undefined) {
          secret.externalRotationRoleArn = input.ExternalSecretRotationRoleArn;
        }
        const planned = requested ?? (secret.rotationRules && deps.rotation.plan(secret.rotationRules, ctx.now));
        if (planned) {
          secret.rotationRules = planned.rules;
          secret.nextRotationAt = planned.nextRotationAt;
          secret.rotationDueAt = planned.dueAt;
        }
        secret.lastChangedAt = ctx.now;
        await tx.updateSecret(secret);
        return { out: { ARN: secret.arn, Name: secret.name, VersionId: token }, started: true };
      });
      if (result.started) deps.rotation.wake();
      return result.out;
    },
  };
}
