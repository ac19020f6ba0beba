import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { errors, type AwsError } from '../errors/index.js';
import type { Operation } from '../operation/index.js';
import type { CallClient } from '../pipeline/index.js';

const MAX_USER_AGENT = 1024;
/** The longest Host header kept for tlsDetails (a DNS name is at most 253 characters, plus a port). */
const MAX_HOST = 260;

/** Where a request came from: source address, User-Agent, and the TLS session when there is one. */
export function callClient(req: IncomingMessage): CallClient {
  const raw = req.socket.remoteAddress;
  const client: CallClient = { sourceIp: raw?.startsWith('::ffff:') ? raw.slice(7) : raw };
  const ua = req.headers['user-agent'];
  if (typeof ua === 'string') client.userAgent = ua.slice(0, MAX_USER_AGENT);
  const socket = req.socket as Partial<TLSSocket>;
  if (socket.encrypted && typeof socket.getProtocol === 'function') {
    // As CloudTrail writes them: "TLSv1.2", and the cipher suite by its OpenSSL name
    // ("ECDHE-RSA-AES128-GCM-SHA256"; TLS 1.3 suites are named alike in both forms).
    client.tls = {
      tlsVersion: socket.getProtocol() ?? 'unknown',
      cipherSuite: socket.getCipher?.()?.name ?? 'unknown',
    };
    const host = req.headers.host;
    if (typeof host === 'string' && host !== '') client.tls.clientProvidedHostHeader = host.slice(0, MAX_HOST);
  }
  return client;
}

/** IAM service prefixes of the X-Amz-Target prefixes Coffer answers. */
const SERVICES: Record<string, string> = {
  secretsmanager: 'secretsmanager',
  TrentService: 'kms',
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101': 'cloudtrail',
  CloudTrail_20131101: 'cloudtrail',
};

/**
 * A stand-in operation for a request refused before routing (unknown target, unreadable body), so
 * that its audit event can name what was asked for. Client text is reduced to a safe alphabet.
 */
export function refusedOperation(target: unknown, error: AwsError): Operation {
  const t = typeof target === 'string' ? target : '';
  const dot = t.lastIndexOf('.');
  const prefix = dot > 0 ? t.slice(0, dot) : '';
  const name = (dot >= 0 ? t.slice(dot + 1) : t).replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64) || 'Unknown';
  const service = SERVICES[prefix] ?? (prefix.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64).toLowerCase() || 'unknown');
  return {
    service,
    name,
    readOnly: false,
    resource: () => undefined,
    handler: async () => {
      throw error ?? errors.internal();
    },
  };
}
