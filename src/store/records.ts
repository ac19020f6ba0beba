/** Rows of the store, as the domain sees them. Times are epoch milliseconds. */

export interface AccountRecord {
  id: string;
  name: string;
  createdAt: number;
}

export interface PrincipalRecord {
  arn: string;
  accountId: string;
  type: 'IAMUser';
  name: string;
  /** Stable unique id, as IAM's AIDA... ids. */
  principalId: string;
  isAccountAdmin: boolean;
  createdAt: number;
}

export interface AccessKeyRecord {
  accessKeyId: string;
  principalArn: string;
  accountId: string;
  /** The secret access key, sealed under the root key (aad = access key id). */
  sealedSecret: Buffer;
  status: 'Active' | 'Inactive';
  createdAt: number;
}

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

export interface KmsKeyRecord {
  keyId: string;
  arn: string;
  accountId: string;
  region: string;
  /** 'AWS' for aws/secretsmanager, 'CUSTOMER' for keys created through KMS. */
  keyManager: 'AWS' | 'CUSTOMER';
  description: string;
  state: KeyState;
  /** 256-bit key material, sealed under the root key (aad = key ARN). */
  sealedMaterial: Buffer;
  createdAt: number;
}

export interface KmsAliasRecord {
  accountId: string;
  region: string;
  aliasName: string;
  targetKeyId: string;
  createdAt: number;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface SecretRecord {
  arn: string;
  accountId: string;
  region: string;
  name: string;
  description?: string;
  /** KmsKeyId as the user gave it; undefined = the default key aws/secretsmanager. */
  kmsKeyId?: string;
  /** undefined = never tagged (Tags omitted); [] = every tag removed (Tags: []). */
  tags?: Tag[];
  type?: string;
  owningService?: string;
  createdAt: number;
  lastChangedAt: number;
  /** Day precision (00:00 UTC) as AWS reports it. */
  lastAccessedAt?: number;
  /** When DeleteSecret was called; undefined while the secret is live. */
  deletedAt?: number;
  /** When the purger removes the secret for good. */
  deletionDate?: number;
}

export interface VersionRecord {
  secretArn: string;
  versionId: string;
  stages: string[];
  createdAt: number;
  lastAccessedAt?: number;
  /** ARN of the KMS key that wrapped this version's data key. */
  kmsKeyArn: string;
  /** Data key wrapped by the KMS key; absent for a value-less (rotation placeholder) version. */
  wrappedDataKey?: Buffer;
  /** AES-256-GCM sealed value; absent for a value-less version. */
  ciphertext?: Buffer;
  valueType?: 'string' | 'binary';
}

export type SecretSortKey = 'created-date' | 'last-accessed-date' | 'last-changed-date' | 'name';

export interface SecretScanQuery {
  accountId: string;
  region: string;
  includeDeleted: boolean;
  sortBy: SecretSortKey;
  sortOrder: 'asc' | 'desc';
  /** Opaque position returned by the previous batch. */
  after?: string;
  limit: number;
}

export interface SecretScanBatch {
  secrets: { secret: SecretRecord; cursor: string }[];
  done: boolean;
}
