/**
 * IAM's errors, with the codes and HTTP statuses of the IAM model (NoSuchEntity 404,
 * EntityAlreadyExists 409, DeleteConflict 409, LimitExceeded 409, MalformedPolicyDocument 400,
 * InvalidInput 400) and the Query protocol's ValidationError 400. Message texts are IAM's as
 * recorded against AWS (localstack's snapshot tests) unless marked "(unverified)" where used.
 */
import { AwsError } from '../errors/index.js';

export const iamErrors = {
  noSuchEntity: (m: string) => new AwsError('NoSuchEntity', m, 404),
  alreadyExists: (m: string) => new AwsError('EntityAlreadyExists', m, 409),
  deleteConflict: (m: string) => new AwsError('DeleteConflict', m, 409),
  limitExceeded: (m: string) => new AwsError('LimitExceeded', m, 409),
  invalidInput: (m: string) => new AwsError('InvalidInput', m, 400),
  validation: (m: string) => new AwsError('ValidationError', m, 400),
  malformedPolicy: (m: string) => new AwsError('MalformedPolicyDocument', m, 400),
  accessDenied: (m: string) => new AwsError('AccessDenied', m, 403),
};

export type EntityKind = 'user' | 'group' | 'role';

/** "The user with name bob cannot be found." */
export const entityNotFound = (kind: EntityKind, name: string) => iamErrors.noSuchEntity(`The ${kind} with name ${name} cannot be found.`);

/** "User with name bob already exists." */
export const entityExists = (kind: EntityKind, name: string) =>
  iamErrors.alreadyExists(`${kind.charAt(0).toUpperCase()}${kind.slice(1)} with name ${name} already exists.`);

/** "Must specify userName when calling with non-User credentials" (GetUser, access keys, for a role session). */
export const userNameRequired = () => iamErrors.validation('Must specify userName when calling with non-User credentials');

/**
 * A PermissionsBoundary that does not exist (or is another account's): "Scope ARN: <arn> does not
 * exist or is not attachable." (NoSuchEntity 404; as AWS answers CreateRole, recorded in
 * openshift/rosa's test logs and public reports).
 */
export const boundaryNotFound = (arn: string) => iamErrors.noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);

/**
 * A PermissionsBoundary that is not a policy ARN: "Value (<arn>) for parameter PermissionsBoundary
 * is invalid." (the text moto records; (unverified) the code, InvalidInput being the one the model
 * lists for CreateUser, CreateRole and Put{User,Role}PermissionsBoundary).
 */
export const boundaryInvalid = (arn: string) => iamErrors.invalidInput(`Value (${arn}) for parameter PermissionsBoundary is invalid.`);
