/**
 * What CloudTrail records of each Secrets Manager operation: the input members that go into
 * requestParameters and the output members that go into responseElements (camelCased on the way,
 * as CloudTrail does: `SecretId` -> `secretId`, `ARN` -> `arn`). An operation that lists no output
 * members gets `responseElements: null`; every read does, so no value, password or listing ever
 * enters an event. Sensitive members (SecretString, SecretBinary, RandomPassword, RotationToken)
 * are never listed, and sensitive-fields.ts drops them again wherever they appear.
 *
 * Sources: AWS Secrets Manager user guide, "AWS CloudTrail entries for Secrets Manager" and
 * "Understanding Secrets Manager log file entries" (CreateSecret: name, clientRequestToken;
 * DeleteSecret: recoveryWindowInDays, secretId -> name, deletionDate, arn; GetSecretValue:
 * secretId [, versionId, versionStage] -> null). Members the examples do not show follow the
 * same rule: every non-sensitive input member; for writes the identifying output members.
 */
export interface OperationFields {
  request: string[];
  response: string[];
}

const ID_OUT = ['ARN', 'Name'];

export const SECRETS_MANAGER_FIELDS: Record<string, OperationFields> = {
  BatchGetSecretValue: { request: ['SecretIdList', 'Filters', 'MaxResults', 'NextToken'], response: [] },
  CancelRotateSecret: { request: ['SecretId'], response: [...ID_OUT, 'VersionId'] },
  CreateSecret: {
    request: ['Name', 'ClientRequestToken', 'Description', 'KmsKeyId', 'Tags', 'AddReplicaRegions', 'ForceOverwriteReplicaSecret', 'Type'],
    response: [...ID_OUT, 'VersionId', 'ReplicationStatus'],
  },
  DeleteResourcePolicy: { request: ['SecretId'], response: ID_OUT },
  DeleteSecret: {
    request: ['SecretId', 'RecoveryWindowInDays', 'ForceDeleteWithoutRecovery'],
    response: [...ID_OUT, 'DeletionDate'],
  },
  DescribeSecret: { request: ['SecretId'], response: [] },
  GetRandomPassword: {
    request: [
      'PasswordLength',
      'ExcludeCharacters',
      'ExcludeNumbers',
      'ExcludePunctuation',
      'ExcludeUppercase',
      'ExcludeLowercase',
      'IncludeSpace',
      'RequireEachIncludedType',
    ],
    response: [],
  },
  GetResourcePolicy: { request: ['SecretId'], response: [] },
  GetSecretValue: { request: ['SecretId', 'VersionId', 'VersionStage'], response: [] },
  ListSecretVersionIds: { request: ['SecretId', 'MaxResults', 'NextToken', 'IncludeDeprecated'], response: [] },
  ListSecrets: { request: ['IncludePlannedDeletion', 'MaxResults', 'NextToken', 'Filters', 'SortOrder', 'SortBy'], response: [] },
  PutResourcePolicy: { request: ['SecretId', 'ResourcePolicy', 'BlockPublicPolicy'], response: ID_OUT },
  PutSecretValue: { request: ['SecretId', 'ClientRequestToken', 'VersionStages'], response: [...ID_OUT, 'VersionId', 'VersionStages'] },
  RemoveRegionsFromReplication: { request: ['SecretId', 'RemoveReplicaRegions'], response: ['ARN', 'ReplicationStatus'] },
  ReplicateSecretToRegions: {
    request: ['SecretId', 'AddReplicaRegions', 'ForceOverwriteReplicaSecret'],
    response: ['ARN', 'ReplicationStatus'],
  },
  RestoreSecret: { request: ['SecretId'], response: ID_OUT },
  RotateSecret: {
    request: [
      'SecretId',
      'ClientRequestToken',
      'RotationLambdaARN',
      'RotationRules',
      'RotateImmediately',
      'ExternalSecretRotationMetadata',
      'ExternalSecretRotationRoleArn',
    ],
    response: [...ID_OUT, 'VersionId'],
  },
  StopReplicationToReplica: { request: ['SecretId'], response: ['ARN'] },
  TagResource: { request: ['SecretId', 'Tags'], response: [] },
  UntagResource: { request: ['SecretId', 'TagKeys'], response: [] },
  UpdateSecret: { request: ['SecretId', 'ClientRequestToken', 'Description', 'KmsKeyId', 'Type'], response: [...ID_OUT, 'VersionId'] },
  UpdateSecretVersionStage: { request: ['SecretId', 'VersionStage', 'RemoveFromVersionId', 'MoveToVersionId'], response: ID_OUT },
  ValidateResourcePolicy: { request: ['SecretId', 'ResourcePolicy'], response: [] },
};

/** Output members that are timestamps (epoch seconds on the wire, Java date text in events). */
export const TIMESTAMP_MEMBERS = new Set(['DeletionDate', 'CreatedDate', 'LastAccessedDate', 'LastChangedDate', 'StartTime', 'EndTime']);
