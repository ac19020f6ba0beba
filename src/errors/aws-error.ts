/**
 * A typed error that carries the AWS error code (`__type`) and the HTTP status it renders with.
 * Every layer throws these; one mapper in api/ renders them. The message must never contain a
 * secret value, a secret access key or a signature.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
  }
}

/** Shorthands for the error codes the service model and api-notes.md name. */
export const errors = {
  validation: (m: string) => new AwsError('ValidationException', m),
  invalidParameter: (m: string) => new AwsError('InvalidParameterException', m),
  invalidRequest: (m: string) => new AwsError('InvalidRequestException', m),
  notFound: (m = "Secrets Manager can't find the specified secret.") => new AwsError('ResourceNotFoundException', m),
  exists: (m: string) => new AwsError('ResourceExistsException', m),
  limitExceeded: (m: string) => new AwsError('LimitExceededException', m),
  encryptionFailure: (m: string) => new AwsError('EncryptionFailure', m),
  decryptionFailure: (m: string) => new AwsError('DecryptionFailure', m),
  invalidNextToken: (m = 'The NextToken value is not valid.') => new AwsError('InvalidNextTokenException', m),
  accessDenied: (m: string) => new AwsError('AccessDeniedException', m),
  unrecognizedClient: () => new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
  serialization: (m: string) => new AwsError('SerializationException', m),
  unknownOperation: (m: string) => new AwsError('UnknownOperationException', m),
  internal: () => new AwsError('InternalServiceError', 'An internal error occurred.', 500),
};
