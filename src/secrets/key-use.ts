/**
 * Secrets Manager's use of a customer KMS key on the caller's behalf (AWS Secrets Manager User
 * Guide, "Secret encryption and decryption": "To use a customer managed key ... the caller needs
 * kms:GenerateDataKey [writes] and kms:Decrypt [reads] on the key"). The key policy and the
 * caller's identity policies are evaluated with the context Secrets Manager adds:
 * `kms:ViaService = secretsmanager.<region>.amazonaws.com`, `kms:CallerAccount` and the version's
 * encryption context (`kms:EncryptionContext:SecretARN`, `kms:EncryptionContext:SecretVersionId`).
 * A denial is AWS's AccessDeniedException "Access to KMS is not allowed" (recorded in public
 * reports against GetSecretValue, e.g. aws-samples/aws-secrets-manager-rotation-lambdas#53).
 * The AWS-managed key aws/secretsmanager needs no check: its policy allows exactly this use in
 * its own account, and other accounts are refused before (default-key-rules.ts).
 */
import { AwsError, errors } from '../errors/index.js';
import type { CallContext } from '../operation/index.js';
import type { KmsKeyRecord, StoreTx } from '../store/index.js';

export const KMS_ACCESS_DENIED = 'Access to KMS is not allowed';

export type KeyUseAction = 'kms:Decrypt' | 'kms:GenerateDataKey';

/** Throws when the caller may not have Secrets Manager use `key` for `action` on this version. */
export type KeyUseCheck = (tx: StoreTx, key: KmsKeyRecord, action: KeyUseAction, secretArn: string, versionId: string) => Promise<void>;

/** The check for the call `ctx` serves. */
export function keyUseCheck(ctx: Pick<CallContext, 'authorize' | 'region' | 'caller'>): KeyUseCheck {
  return async (tx, key, action, secretArn, versionId) => {
    if (key.keyManager === 'AWS') return;
    try {
      await ctx.authorize(action, key.arn, {
        tx,
        context: {
          'kms:ViaService': `secretsmanager.${ctx.region}.amazonaws.com`,
          'kms:CallerAccount': ctx.caller.accountId,
          'kms:EncryptionContext:SecretARN': secretArn,
          'kms:EncryptionContext:SecretVersionId': versionId,
        },
      });
    } catch (err) {
      if (err instanceof AwsError && err.code === 'AccessDeniedException') throw errors.accessDenied(KMS_ACCESS_DENIED);
      throw err;
    }
  };
}
