import crypto from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { AwsError, errors } from '../errors/index.js';
import type { CredentialDirectory } from '../iam/index.js';
import type { Logger } from '../log/index.js';
import type { Pipeline } from '../pipeline/index.js';
import { describeInternal } from './internal-error.js';
import { sendError, sendOutput } from './json-response.js';
import type { RoutedOperation } from './operation-table.js';
import { parseJsonBody, readBody } from './request-body.js';
import { SigV4Authenticator } from './sigv4-authenticator.js';
import type { SigningKeyCache } from './sigv4/index.js';

export interface ApiServerDeps {
  pipeline: Pipeline;
  operations: Map<string, RoutedOperation>;
  credentials: CredentialDirectory;
  signingKeys: SigningKeyCache;
  region: string;
  logger: Logger;
  /** Body of GET /health; undefined while the server is not ready. */
  health: () => Record<string, unknown> | undefined;
}

/**
 * The HTTP face: GET /health, and awsJson1_1 on POST / routed by X-Amz-Target into the pipeline.
 * Every response carries x-amzn-RequestId.
 */
export function createApiServer(deps: ApiServerDeps): http.Server {
  const server = http.createServer((req, res) => {
    const requestId = crypto.randomUUID();
    handle(deps, req, res, requestId).catch((err) => {
      deps.logger.error({ requestId, err: describeInternal(err) }, 'request failed');
      if (!res.headersSent) sendError(res, requestId, errors.internal());
      else res.destroy();
    });
  });
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
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (err) {
    if (err instanceof AwsError) return sendError(res, requestId, err);
    throw err;
  }
  const now = Date.now();
  const target = req.headers['x-amz-target'];
  const routed = req.method === 'POST' && path === '/' && typeof target === 'string' ? deps.operations.get(target) : undefined;
  if (!routed) {
    return sendError(res, requestId, errors.unknownOperation('The operation requested is not supported by this endpoint.'));
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
  });
  if (outcome.error) sendError(res, requestId, outcome.error);
  else sendOutput(res, requestId, outcome.output);
}
