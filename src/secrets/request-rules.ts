import { errors } from '../errors/index.js';

/**
 * A write that carries a value needs a ClientRequestToken (the SDKs and the CLI fill one in; raw
 * callers must). RotateSecret reports it as InvalidParameterException, the others as
 * InvalidRequestException (api-notes §4).
 */
export function requireToken(token: string | undefined, code: 'request' | 'parameter' = 'request'): string {
  if (token === undefined) {
    const m = 'You must provide a ClientRequestToken value. We recommend a UUID-type value.';
    throw code === 'request' ? errors.invalidRequest(m) : errors.invalidParameter(m);
  }
  return token;
}

/** Replication arrives with its own issue; until then a request for it is refused, not ignored. */
export function refuseReplication(regions: unknown[] | undefined): void {
  if (regions !== undefined) {
    throw errors.invalidRequest('Replication to other regions is not supported by this Coffer deployment yet.');
  }
}
