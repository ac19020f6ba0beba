/**
 * Error messages AWS answers word for word, which many test files assert: one copy, so a correction
 * (recorded against AWS) reaches every test at once.
 */

/** ResourceNotFoundException: the secret does not exist (or is not visible to the caller). */
export const NOT_FOUND = "Secrets Manager can't find the specified secret.";

/** InvalidRequestException: the secret is scheduled for deletion. */
export const MARKED_FOR_DELETION = "You can't perform this operation on the secret because it was marked for deletion.";

/** ValidationException for a Name outside the allowed characters. */
export const INVALID_NAME = 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!';

/** UnrecognizedClientException (InvalidClientTokenId over the Query protocol): unknown key or forged token. */
export const INVALID_TOKEN = 'The security token included in the request is invalid.';

/** ExpiredTokenException (ExpiredToken over the Query protocol): the session has expired. */
export const EXPIRED_TOKEN = 'The security token included in the request is expired';
