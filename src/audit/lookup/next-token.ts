import crypto from 'node:crypto';
import { AwsError } from '../../errors/index.js';

/**
 * LookupEvents' NextToken: the position of the last event returned (time, store position) and a
 * fingerprint of the query, so a token is only good for the query it came from (as CloudTrail says:
 * "This token must be passed in with the same parameters").
 */
export interface Position {
  time: number;
  pos: number;
}

export function queryFingerprint(parts: unknown[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function encodeNextToken(p: Position, fingerprint: string): string {
  return Buffer.from(JSON.stringify([p.time, p.pos, fingerprint])).toString('base64url');
}

export function decodeNextToken(token: string, fingerprint: string): Position {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && Number.isSafeInteger(v[0]) && Number.isSafeInteger(v[1]) && v[2] === fingerprint) {
      return { time: v[0] as number, pos: v[1] as number };
    }
  } catch {
    // falls through
  }
  throw new AwsError('InvalidNextTokenException', 'A token you provided is not valid. Pass the NextToken of a previous call made with the same parameters.');
}
