import crypto from 'node:crypto';
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import https from 'node:https';
import { AwsError, errors } from '../errors/index.js';
import type { CredentialDirectory } from '../iam/index.js';
import type { Logger } from '../log/index.js';
import type { CallClient, Pipeline } from '../pipeline/index.js';
import { callClient, refusedOperation } from './call-client.js';
import { describeInternal } from './internal-error.js';
import { handleQueryRequest, isQueryRequest, type QueryEndpoint } from './query/index.js';
import { sendError, sendOutput } from './json-response.js';
import type { RoutedOperation } from './operation-table.js';
import { parseJsonBody, readBody } from './request-body.js';
import { SigV4Authenticator } from './sigv4-authenticator.js';
import { tlsServerOptions } from './tls-options.js';
import type { SigningKeyCache } from './sigv4/index.js';

export interface ApiServerDeps {
  pipeline: Pipeline;
  operations: Map<string, RoutedOperation>;
  credentials: CredentialDirectory;
  signingKeys: SigningKeyCache;
  region: string;
  logger: Logger;
  /** IAM and STS (AWS Query protocol: form-encoded POST without X-Amz-Target). */
  query?: QueryEndpoint;
  /** Body of GET /health; undefined while the server is not ready. */
  health: () => Record<string, unknown> | undefined;
  /** PEM certificate (chain) and key: serve HTTPS instead of HTTP, with the same handler. */
  tls?: { cert: Buffer; key: Buffer };
}

/**
 * The HTTP face: GET /health, and awsJson1_1 on POST / routed by X-Amz-Target into the pipeline.
 * Every response carries x-amzn-RequestId. With `tls` the same handler serves HTTPS (TLS 1.2 or
 * later); the request facts then carry the session (aws:SecureTransport, the audit's tlsDetails).
 */
export function createApiServer(deps: ApiServerDeps): http.Server | https.Server {
  const listener: RequestListener = (req, res) => {
    const requestId = crypto.randomUUID();
    handle(deps, req, res, requestId).catch((err) => {
      deps.logger.error({ requestId, err: describeInternal(err) }, 'request failed');
      if (!res.headersSent) sendError(res, requestId, errors.internal());
      else res.destroy();
    });
  };
  const server = deps.tls ? https.createServer(tlsServerOptions(deps.tls), listener) : http.createServer(listener);
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(deps: ApiServerDeps, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/health') {
    const body = deps.health();
    res.writeHead(body ? 200 : 503, { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId });
    res.end(JSON.stringify(body ?? { status: 'starting' }));
    return;
  }
  const client = callClient(req);
  const target = req.headers['x-amz-target'];
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (err) {
    if (err instanceof AwsError) return refuse(deps, req, res, requestId, client, target, err);
    throw err;
  }
  const now = Date.now();
  if (deps.query && path === '/' && isQueryRequest(req)) {
    return handleQueryRequest(deps, deps.query, req, res, requestId, body, now, client);
  }
  const routed = req.method === 'POST' && path === '/' && typeof target === 'string' ? deps.operations.get(target) : undefined;
  if (!routed) {
    const err = errors.unknownOperation('The operation requested is not supported by this endpoint.');
    return refuse(deps, req, res, requestId, client, target, err);
  }
  const authenticator = new SigV4Authenticator(
    { method: req.method!, url: req.url ?? '/', headers: req.headersDistinct, rawHeaders: req.headers, body },
    deps.credentials,
    deps.signingKeys,
    deps.region,
    routed.signingName,
  );
  const outcome = await deps.pipeline.run({
    requestId,
    now,
    operation: routed.operation,
    readInput: () => routed.validate(parseJsonBody(body)),
    authenticator,
    client,
  });
  if (outcome.error) sendError(res, requestId, outcome.error);
  else sendOutput(res, requestId, outcome.output);
}

/** A request turned away before routing still passes the pipeline's observers (the audit trail). */
async function refuse(
  deps: ApiServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  client: CallClient,
  target: unknown,
  err: AwsError,
): Promise<void> {
  const authenticator = new SigV4Authenticator(
    { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headersDistinct, rawHeaders: req.headers, body: Buffer.alloc(0) },
    deps.credentials,
    deps.signingKeys,
    deps.region,
    'secretsmanager',
  );
  const outcome = await deps.pipeline.refuse(
    { requestId, now: Date.now(), operation: refusedOperation(target, err), readInput: () => ({}), authenticator, client },
    err,
  );
  sendError(res, requestId, outcome.error ?? err);
}
