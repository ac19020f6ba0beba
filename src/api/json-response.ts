import type { ServerResponse } from 'node:http';
import type { AwsError } from '../errors/index.js';

const JSON_TYPE = 'application/x-amz-json-1.1';

/** A success answer of the awsJson1_1 protocol. */
export function sendOutput(res: ServerResponse, requestId: string, output: unknown): void {
  send(res, 200, requestId, JSON.stringify(output ?? {}), undefined);
}

/**
 * An error answer: `{"__type","Message"}`, x-amzn-ErrorType; 400 for client errors, 500 for faults.
 * An empty message is left out, as Coral does for a body it cannot read at all.
 */
export function sendError(res: ServerResponse, requestId: string, err: AwsError): void {
  const body = err.message === '' ? { __type: err.code } : { __type: err.code, Message: err.message };
  send(res, err.status, requestId, JSON.stringify(body), err.code);
}

function send(res: ServerResponse, status: number, requestId: string, body: string, errorType: string | undefined): void {
  const headers: Record<string, string | number> = {
    'Content-Type': JSON_TYPE,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
  };
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  res.writeHead(status, headers);
  res.end(body);
}
