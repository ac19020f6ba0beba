import { errors } from '../errors/index.js';
import type { SecretRecord } from '../store/index.js';

/**
 * A secret encrypted with the default key (aws/secretsmanager) cannot be read or written from
 * another account: AWS answers InvalidRequestException with this text (api-notes §4, recorded in
 * localstack's test_cross_account_access). The AWS-managed key's policy refuses other accounts
 * too (kms:CallerAccount); this check answers first, with Secrets Manager's own error.
 */
export function refuseDefaultKeyAcrossAccounts(secret: SecretRecord, callerAccountId: string): void {
  if (secret.accountId !== callerAccountId && secret.kmsKeyId === undefined) {
    throw errors.invalidRequest(
      "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.",
    );
  }
}
