import type { KmsKeyRecord } from '../store/index.js';
import { DAY_MS } from './key-service.js';

/** Epoch milliseconds to the wire's epoch seconds. */
export const seconds = (ms: number): number => ms / 1000;

/**
 * KeyMetadata as CreateKey and DescribeKey answer it for a symmetric encryption key (fields as
 * recorded against AWS in localstack's KMS snapshot, test_create_key); DeletionDate and
 * PendingDeletionWindowInDays only while the key is pending deletion.
 */
export function keyMetadata(k: KmsKeyRecord): Record<string, unknown> {
  const m: Record<string, unknown> = {
    AWSAccountId: k.accountId,
    KeyId: k.keyId,
    Arn: k.arn,
    CreationDate: seconds(k.createdAt),
    Enabled: k.state === 'Enabled',
    Description: k.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: k.state,
  };
  if (k.state === 'PendingDeletion' && k.deletionDate !== undefined) {
    m.DeletionDate = seconds(k.deletionDate);
    if (k.pendingWindowDays !== undefined) m.PendingDeletionWindowInDays = k.pendingWindowDays;
  }
  Object.assign(m, {
    Origin: 'AWS_KMS',
    KeyManager: k.keyManager,
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
  });
  return m;
}

export const daysToMs = (days: number): number => days * DAY_MS;
