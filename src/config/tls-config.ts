import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { z } from 'zod';
import { ConfigError } from './config.js';

/** COFFER_TLS_*: serve HTTPS instead of HTTP. Paths only: the files are read at start. */
export interface TlsConfig {
  /** PEM: the server certificate, optionally followed by its intermediate CA certificates. */
  certFile: string;
  /** PEM: the certificate's private key, unencrypted. */
  keyFile: string;
}

/** The contents of the two files, checked: a certificate and its matching private key. */
export interface TlsCredentials {
  cert: Buffer;
  key: Buffer;
}

/** The variables, merged into the configuration schema. */
export const TLS_VARIABLES = {
  COFFER_TLS_CERT_FILE: z.string().min(1).optional(),
  COFFER_TLS_KEY_FILE: z.string().min(1).optional(),
};

type Parsed = z.output<z.ZodObject<typeof TLS_VARIABLES>>;

/** Both files or neither. */
export function tlsConfig(c: Parsed): TlsConfig | undefined {
  if ((c.COFFER_TLS_CERT_FILE === undefined) !== (c.COFFER_TLS_KEY_FILE === undefined)) {
    throw new ConfigError('invalid configuration: COFFER_TLS_CERT_FILE and COFFER_TLS_KEY_FILE must be set together');
  }
  if (c.COFFER_TLS_CERT_FILE === undefined || c.COFFER_TLS_KEY_FILE === undefined) return undefined;
  return { certFile: path.resolve(c.COFFER_TLS_CERT_FILE), keyFile: path.resolve(c.COFFER_TLS_KEY_FILE) };
}

/** A path or an OpenSSL reason on one line (no control characters), of bounded length. */
function oneLine(text: string, max = 300): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

function readPem(variable: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`invalid configuration: ${variable} ${oneLine(file)} cannot be read (${code})`);
  }
}

/**
 * Reads and checks the certificate and key files: a PEM certificate, an unencrypted PEM private
 * key, the one belonging to the other, and a pair OpenSSL accepts. Throws ConfigError with one
 * line naming the variable and the file; the messages never hold what the files contain.
 */
export function loadTlsCredentials(t: TlsConfig): TlsCredentials {
  const cert = readPem('COFFER_TLS_CERT_FILE', t.certFile);
  const key = readPem('COFFER_TLS_KEY_FILE', t.keyFile);
  let x509: crypto.X509Certificate;
  try {
    if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new Error('not PEM');
    x509 = new crypto.X509Certificate(cert);
  } catch {
    throw new ConfigError(`invalid configuration: COFFER_TLS_CERT_FILE ${oneLine(t.certFile)} holds no PEM certificate`);
  }
  let privateKey: crypto.KeyObject;
  try {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.toString('latin1'))) throw new Error('not PEM');
    privateKey = crypto.createPrivateKey({ key, format: 'pem' });
  } catch (err) {
    const encrypted = (err as NodeJS.ErrnoException).code === 'ERR_MISSING_PASSPHRASE';
    throw new ConfigError(
      `invalid configuration: COFFER_TLS_KEY_FILE ${oneLine(t.keyFile)} ${encrypted ? 'holds an encrypted private key (give it without a passphrase)' : 'holds no PEM private key'}`,
    );
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new ConfigError(
      `invalid configuration: COFFER_TLS_KEY_FILE ${oneLine(t.keyFile)} is not the private key of the certificate in COFFER_TLS_CERT_FILE ${oneLine(t.certFile)}`,
    );
  }
  try {
    tls.createSecureContext({ cert, key, minVersion: 'TLSv1.2' });
  } catch (err) {
    // OpenSSL's reason (e.g. "ee key too small"): error strings, never key material.
    const reason = err instanceof Error ? oneLine(err.message.split('\n')[0] ?? '', 120) : 'refused';
    throw new ConfigError(
      `invalid configuration: COFFER_TLS_CERT_FILE ${oneLine(t.certFile)} and COFFER_TLS_KEY_FILE ${oneLine(t.keyFile)} are refused by OpenSSL (${reason})`,
    );
  }
  return { cert, key };
}
