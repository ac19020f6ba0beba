/**
 * The AWS Query protocol on `POST /` (IAM and STS): form-encoded `Action=...&Version=...`, routed
 * by Version (then Action) to a service, through the one pipeline, answered in XML:
 *
 *   <CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
 *     <CreateUserResult>...</CreateUserResult>
 *     <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata>
 *   </CreateUserResponse>
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from '../../errors/index.js';
import type { Operation } from '../../operation/index.js';
import type { CredentialDirectory } from '../../iam/index.js';
import type { CallClient, Pipeline } from '../../pipeline/index.js';
import { SigV4Authenticator } from '../sigv4-authenticator.js';
import type { SigningKeyCache } from '../sigv4/index.js';
import { sendQueryError, sendXml, toQueryError } from './query-errors.js';
import type { QueryService } from './query-service.js';
import { writeStructureMembers, xmlEscape } from './xml-writer.js';
import type { ServiceModel } from '../model/index.js';

export interface QueryEndpoint {
  services: { service: QueryService; model: ServiceModel }[];
  /** Regions credential scopes may name for these services. */
  regions: readonly string[];
}

export interface QueryCallDeps {
  pipeline: Pipeline;
  credentials: CredentialDirectory;
  signingKeys: SigningKeyCache;
}

/** Is this a Query protocol request? (POST form, no X-Amz-Target.) */
export function isQueryRequest(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return (
    req.method === 'POST' &&
    req.headers['x-amz-target'] === undefined &&
    typeof type === 'string' &&
    type.toLowerCase().startsWith('application/x-www-form-urlencoded')
  );
}

export async function handleQueryRequest(
  deps: QueryCallDeps,
  endpoint: QueryEndpoint,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  body: Buffer,
  now: number,
  client?: CallClient,
): Promise<void> {
  const params = [...new URLSearchParams(body.toString('utf8')).entries()];
  const get = (name: string) => params.find(([k]) => k === name)?.[1];
  const action = (get('Action') ?? '').slice(0, 128);
  const version = get('Version') ?? '';
  const entry =
    endpoint.services.find((s) => s.service.version === version) ??
    endpoint.services.find((s) => s.service.routes.has(action) || s.service.unimplemented.has(action)) ??
    endpoint.services[0]!;
  const { service, model } = entry;
  const route = service.version === version ? service.routes.get(action) : undefined;
  if (!route) {
    // (unverified text for an action of the model Coffer does not implement)
    const message = service.version === version && service.unimplemented.has(action)
      ? `The action ${action} is not supported by Coffer.`
      : `Could not find operation ${action} for version ${version}`;
    const refused = new AwsError('InvalidAction', message, 400);
    const outcome = await deps.pipeline.refuse(
      {
        requestId,
        now,
        operation: refusedQueryOperation(service.signingName, action, refused),
        readInput: () => ({}),
        authenticator: authenticatorFor(deps, endpoint, req, Buffer.alloc(0), service.signingName),
        ...(client ? { client } : {}),
      },
      refused,
    );
    const err = outcome.error ?? refused;
    return sendQueryError(res, requestId, service.namespace, toQueryError(err, service.internalErrorCode));
  }
  const authenticator = authenticatorFor(deps, endpoint, req, body, service.signingName);
  const outcome = await deps.pipeline.run({
    requestId,
    now,
    operation: route.operation,
    readInput: () => route.decode(params),
    authenticator,
    ...(client ? { client } : {}),
  });
  if (outcome.error) {
    return sendQueryError(res, requestId, service.namespace, toQueryError(outcome.error, service.internalErrorCode));
  }
  let result = '';
  if (route.outputShape !== undefined && route.resultWrapper !== undefined) {
    const members = writeStructureMembers(model, route.outputShape, (outcome.output ?? {}) as Record<string, unknown>);
    result = `<${route.resultWrapper}>${members}</${route.resultWrapper}>`;
  }
  const name = xmlEscape(route.operation.name);
  sendXml(
    res,
    200,
    requestId,
    `<${name}Response xmlns="${service.namespace}">${result}` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${name}Response>`,
  );
}

function authenticatorFor(deps: QueryCallDeps, endpoint: QueryEndpoint, req: IncomingMessage, body: Buffer, signingName: string) {
  return new SigV4Authenticator(
    { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headersDistinct, rawHeaders: req.headers, body },
    deps.credentials,
    deps.signingKeys,
    endpoint.regions,
    signingName,
  );
}

/** A stand-in for an action that is not routed, so that the refusal is observed (audited) too. */
function refusedQueryOperation(service: string, action: string, error: AwsError): Operation {
  return {
    service,
    name: action.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64) || 'Unknown',
    readOnly: false,
    resource: () => undefined,
    handler: async () => {
      throw error;
    },
  };
}
