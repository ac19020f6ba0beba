/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1 and localhost, made
 * with the `openssl` command (Debian `openssl`, installed by .ci/run) in a fresh temporary
 * directory, for tests of Coffer's TLS listener (COFFER_TLS_CERT_FILE, COFFER_TLS_KEY_FILE).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCertificates {
  dir: string;
  /** The CA certificate (PEM) clients trust. */
  caFile: string;
  ca: string;
  /** The server certificate (PEM), signed by the CA, for IP 127.0.0.1 and DNS localhost. */
  certFile: string;
  /** Its private key (PEM, unencrypted). */
  keyFile: string;
  /** A second key pair's private key: a valid key that does not match certFile. */
  otherKeyFile: string;
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeTestCertificates(): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-tls-'));
  openssl(
    ['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Coffer Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  openssl(['req', ...EC, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  fs.writeFileSync(
    path.join(dir, 'server.ext'),
    [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid:always',
      '',
    ].join('\n'),
  );
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'], dir);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', 'other.key'], dir);
  const caFile = path.join(dir, 'ca.pem');
  return {
    dir,
    caFile,
    ca: fs.readFileSync(caFile, 'utf8'),
    certFile: path.join(dir, 'server.pem'),
    keyFile: path.join(dir, 'server.key'),
    otherKeyFile: path.join(dir, 'other.key'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
