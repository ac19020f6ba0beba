/**
 * KMS's errors, with the texts AWS answers. Sources (see docs/architecture.md, "KMS"):
 * - [LS] responses recorded against AWS in localstack/localstack
 *   tests/aws/services/kms/test_kms.snapshot.json: "Key '<arn>' does not exist",
 *   "Invalid keyId '<id>'", "Invalid arn <region>", "<arn> is disabled.", "<arn> is pending
 *   import." (the same family as "is pending deletion."), InvalidCiphertextException with an
 *   empty message, IncorrectKeyException's text, the "Alias must start with the prefix" text,
 *   "KeyUsage X is not compatible with KeySpec Y", "Tags beginning with aws: are reserved",
 *   "Duplicate tag keys", "Too many tags", "You must specify a KeyUsage value ...".
 * - [MO] getmoto/moto's KMS (emulator, not verified): "Alias <alias ARN> is not found.", "An
 *   alias with the name <alias ARN> already exists" (LocalStack agrees), NotAuthorizedException
 *   with an empty message for the reserved alias/aws/ prefix, "Aliases must refer to keys. Not
 *   aliases", "<name> contains invalid characters for an alias", "Please specify either number
 *   of bytes or key spec.".
 * - [GH] "PendingWindowInDays must be between 7 and 30" (Skyscanner/kms-issuer#8, real AWS).
 * Texts not on record are marked "Coffer's" where they are defined.
 */
import { AwsError } from '../errors/index.js';

const e = (code: string) => (message: string) => new AwsError(code, message);

export const kmsErrors = {
  notFound: e('NotFoundException'),
  keyDoesNotExist: (arn: string) => new AwsError('NotFoundException', `Key '${arn}' does not exist`),
  invalidKeyId: (id: string) => new AwsError('NotFoundException', `Invalid keyId '${id}'`),
  invalidArnRegion: (region: string) => new AwsError('NotFoundException', `Invalid arn ${region}`),
  aliasNotFound: (aliasArn: string) => new AwsError('NotFoundException', `Alias ${aliasArn} is not found.`),
  disabled: (arn: string) => new AwsError('DisabledException', `${arn} is disabled.`),
  pendingDeletion: (arn: string) => new AwsError('KMSInvalidStateException', `${arn} is pending deletion.`),
  /** Coffer's text (the state family of "<arn> is pending deletion."). */
  notPendingDeletion: (arn: string) => new AwsError('KMSInvalidStateException', `${arn} is not pending deletion.`),
  invalidState: e('KMSInvalidStateException'),
  invalidCiphertext: () => new AwsError('InvalidCiphertextException', ''),
  incorrectKey: () =>
    new AwsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.'),
  invalidKeyUsage: e('InvalidKeyUsageException'),
  alreadyExists: e('AlreadyExistsException'),
  invalidAliasName: e('InvalidAliasNameException'),
  notAuthorized: () => new AwsError('NotAuthorizedException', ''),
  validation: e('ValidationException'),
  unsupported: e('UnsupportedOperationException'),
  tag: e('TagException'),
  malformedPolicy: e('MalformedPolicyDocumentException'),
  invalidMarker: () => new AwsError('InvalidMarkerException', 'The marker that specifies where pagination should next begin is not valid.'),
};
