import type { IncomingMessage } from 'node:http';
import { AwsError } from '../errors/index.js';

/** Largest request body accepted: a 64 KiB binary secret is ~88 KiB once base64-encoded in JSON. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AwsError('SerializationException', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, 413));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The JSON body of an awsJson1_1 request; an empty body is `{}`. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    // Never echo the body: it may hold a secret value.
    throw new AwsError('SerializationException', 'The request body is not valid JSON.');
  }
}
