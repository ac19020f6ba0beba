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
  /**
   * The key's current 256-bit material, sealed under the root key (aad = key ARN for version 0,
   * `<key ARN>#<version>` after rotations). Earlier versions: KmsKeyMaterialRecord.
   */
  sealedMaterial: Buffer;
  createdAt: number;
  /** Version of `sealedMaterial`; undefined = 0 (never rotated). */
  materialVersion?: number;
  /** The key policy (JSON text); undefined = the default policy of its kind of key. */
  policy?: string;
  /** KMS tags (TagKey/TagValue), in the order they were first set. */
  tags?: KmsTag[];
  /** Automatic rotation (EnableKeyRotation); AWS-managed keys rotate every year. */
  rotationEnabled?: boolean;
  rotationPeriodDays?: number;
  /** When automatic rotation next replaces the key material. */
  nextRotationAt?: number;
  /** PendingDeletion: when the key is deleted for good, and the window it was scheduled with. */
  deletionDate?: number;
  pendingWindowDays?: number;
}

export interface KmsTag {
  TagKey: string;
  TagValue: string;
}

/** One version of a rotated key's material, kept so ciphertexts made with it still decrypt. */
export interface KmsKeyMaterialRecord {
  keyArn: string;
  version: number;
  sealedMaterial: Buffer;
  /** When this material became the key's current material. */
  createdAt: number;
  /** How it did (absent for the key's first material). */
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND';
}

export interface KmsAliasRecord {
  accountId: string;
  region: string;
  aliasName: string;
  targetKeyId: string;
  createdAt: number;
  lastUpdatedAt?: number;
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
  /** The resource policy (JSON text, as given to PutResourcePolicy); undefined = none. */
  resourcePolicy?: string;
  /** undefined = rotation never configured (RotationEnabled omitted); false after CancelRotateSecret. */
  rotationEnabled?: boolean;
  rotationLambdaArn?: string;
  /** RotationRules as DescribeSecret shows them. */
  rotationRules?: RotationRules;
  lastRotatedAt?: number;
  /** NextRotationDate: the latest time the next scheduled rotation happens (end of its window). */
  nextRotationAt?: number;
  /** When the scheduler starts the next scheduled rotation (a time inside the window). */
  rotationDueAt?: number;
  externalRotationMetadata?: { Key: string; Value: string }[];
  externalRotationRoleArn?: string;
}

export interface RotationRules {
  AutomaticallyAfterDays?: number;
  ScheduleExpression?: string;
  Duration?: string;
}

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
export type RotationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Cancelled';

/**
 * The persisted state machine of a secret's latest rotation, written before each invocation of
 * the rotation function so that a crash resumes at the step it stopped in.
 */
export interface RotationRecord {
  secretArn: string;
  /** ClientRequestToken: the version id of the new (AWSPENDING) version. */
  token: string;
  /** RotationToken passed in the event (the function may echo it to PutSecretValue). */
  rotationToken: string;
  functionArn: string;
  /** 'rotate': the four steps; 'test': testSecret only (RotateImmediately=false). */
  mode: 'rotate' | 'test';
  trigger: 'api' | 'schedule';
  status: RotationStatus;
  step: RotationStep;
  /** Invocations of the current step so far. */
  attempts: number;
  nextAttemptAt: number;
  /** The process driving the rotation, and until when it may (a claim, taken in a write). */
  leaseOwner?: string;
  leaseUntil?: number;
  lastError?: string;
  startedAt: number;
  updatedAt: number;
  finishedAt?: number;
}

/** A rotation function an operator registered: a local command or an HTTP(S) endpoint. */
export interface RotationFunctionRecord {
  accountId: string;
  region: string;
  name: string;
  kind: 'command' | 'url';
  command?: string;
  url?: string;
  /** Extra environment variables for a command function. */
  env?: Record<string, string>;
  /**
   * The IAM role the function runs as (`arn:aws:iam::<account>:role/<path><name>`): each
   * invocation gets a fresh session of it, as AWS Lambda assumes a function's execution role.
   * Absent only for a function registered before roles (kept by migration 0006); such a function
   * fails every step until it is registered again with a role.
   */
  roleArn?: string;
  /** HMAC key that signs events sent to a URL function, sealed under the root key. */
  sealedHmacKey?: Buffer;
  createdAt: number;
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
