/**
 * Errors of the AWS Query protocol (IAM, STS):
 *
 *   <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
 *     <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>...</Message></Error>
 *     <RequestId>...</RequestId>
 *   </ErrorResponse>
 *
 * with the HTTP status of the error (IAM's model: NoSuchEntity 404, EntityAlreadyExists 409,
 * LimitExceeded 409, DeleteConflict 409, MalformedPolicyDocument 400, ...; `Type` is Receiver for
 * 5xx). Domain errors of iam/ already carry Query codes and statuses. The shared layers (SigV4,
 * validation, the authoriser) raise the awsJson names, which the Query front end of AWS spells
 * differently; they are translated here:
 * - UnrecognizedClientException -> InvalidClientTokenId 403 "The security token included in the
 *   request is invalid." (STS and IAM answers quoted in many public reports);
 * - InvalidSignatureException -> SignatureDoesNotMatch 403 (the same texts, "Signature expired: ..." included);
 * - ExpiredTokenException -> ExpiredToken 403 "The security token included in the request is expired";
 * - IncompleteSignatureException -> IncompleteSignature 400;
 * - MissingAuthenticationTokenException -> MissingAuthenticationToken 403 (unverified text);
 * - AccessDeniedException -> AccessDenied 403 ("User: ... is not authorized to perform: iam:...");
 * - ValidationException -> ValidationError 400 (localstack snapshots recorded against IAM and STS);
 * - ThrottlingException -> Throttling 400; InternalServiceError -> ServiceFailure (IAM) or
 *   InternalFailure (STS), 500, revealing nothing.
 */
import type { ServerResponse } from 'node:http';
import type { AwsError } from '../../errors/index.js';
import { xmlEscape } from './xml-writer.js';

export interface QueryError {
  code: string;
  status: number;
  message: string;
}

const TRANSLATED: Record<string, { code: string; status: number; message?: string }> = {
  UnrecognizedClientException: { code: 'InvalidClientTokenId', status: 403 },
  InvalidSignatureException: { code: 'SignatureDoesNotMatch', status: 403 },
  ExpiredTokenException: { code: 'ExpiredToken', status: 403 },
  IncompleteSignatureException: { code: 'IncompleteSignature', status: 400 },
  MissingAuthenticationTokenException: { code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' },
  AccessDeniedException: { code: 'AccessDenied', status: 403 },
  ValidationException: { code: 'ValidationError', status: 400 },
  ThrottlingException: { code: 'Throttling', status: 400 },
  SerializationException: { code: 'MalformedInput', status: 400 },
};

/** The Query form of an error; `internalCode` is the service's 500 code (ServiceFailure, InternalFailure). */
export function toQueryError(err: AwsError, internalCode: string): QueryError {
  if (err.status >= 500) return { code: internalCode, status: 500, message: 'An internal error occurred.' };
  const t = TRANSLATED[err.code];
  if (!t) return { code: err.code, status: err.status, message: err.message };
  return { code: t.code, status: t.status, message: t.message ?? err.message };
}

/** Sends the XML error document. */
export function sendQueryError(res: ServerResponse, requestId: string, namespace: string, e: QueryError): void {
  const type = e.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${xmlEscape(e.code)}</Code>` +
    `<Message>${xmlEscape(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  sendXml(res, e.status, requestId, body);
}

export function sendXml(res: ServerResponse, status: number, requestId: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/xml',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
  });
  res.end(body);
}
