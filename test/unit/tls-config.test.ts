/**
 * COFFER_TLS_CERT_FILE and COFFER_TLS_KEY_FILE: both or neither (loadConfig), and the files
 * checked at start (loadTlsCredentials) with one-line errors that name the variable and the file
 * and never hold what the files contain. Certificates come from the `openssl` command.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, loadConfig, loadTlsCredentials } from '../../src/config/index.js';
import { makeTestCertificates } from '../support/tls-certs.js';

const certs = makeTestCertificates();
after(() => certs.remove());

const config = (e: Record<string, string>) => loadConfig({ COFFER_DATA_DIR: '/tmp/x', ...e });

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `a ConfigError, got ${String(err)}`);
    assert.ok(!err.message.includes('\n'), 'one line');
    return err.message;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig: COFFER_TLS_*', () => {
  test('neither: plain HTTP', () => {
    assert.equal(config({}).tls, undefined);
    assert.equal(config({ COFFER_TLS_CERT_FILE: '', COFFER_TLS_KEY_FILE: '' }).tls, undefined, 'empty counts as unset');
  });

  test('both: the paths, resolved; the files are not read yet', () => {
    const c = config({ COFFER_TLS_CERT_FILE: 'certs/server.pem', COFFER_TLS_KEY_FILE: '/nowhere/server.key' });
    assert.deepEqual(c.tls, { certFile: path.resolve('certs/server.pem'), keyFile: '/nowhere/server.key' });
  });

  test('one without the other names both', () => {
    const halves: Record<string, string>[] = [{ COFFER_TLS_CERT_FILE: certs.certFile }, { COFFER_TLS_KEY_FILE: certs.keyFile }];
    for (const env of halves) {
      assert.equal(
        configError(() => config(env)),
        'invalid configuration: COFFER_TLS_CERT_FILE and COFFER_TLS_KEY_FILE must be set together',
      );
    }
  });
});

describe('loadTlsCredentials', () => {
  const pemLines = [certs.ca, fs.readFileSync(certs.certFile, 'utf8'), fs.readFileSync(certs.keyFile, 'utf8'), fs.readFileSync(certs.otherKeyFile, 'utf8')]
    .flatMap((p) => p.split('\n'))
    .filter((l) => l !== '' && !l.startsWith('-----'));
  const noPem = (m: string) => {
    assert.ok(!m.includes('-----BEGIN'), m);
    for (const l of pemLines) assert.ok(!m.includes(l), `no PEM content in ${m}`);
  };

  test('a certificate and its key: their contents', () => {
    const c = loadTlsCredentials({ certFile: certs.certFile, keyFile: certs.keyFile });
    assert.deepEqual(c.cert, fs.readFileSync(certs.certFile));
    assert.deepEqual(c.key, fs.readFileSync(certs.keyFile));
  });

  test('a file that cannot be read', () => {
    const missing = path.join(certs.dir, 'missing.pem');
    const m = configError(() => loadTlsCredentials({ certFile: missing, keyFile: certs.keyFile }));
    assert.equal(m, `invalid configuration: COFFER_TLS_CERT_FILE ${missing} cannot be read (ENOENT)`);
    const m2 = configError(() => loadTlsCredentials({ certFile: certs.certFile, keyFile: certs.dir }));
    assert.equal(m2, `invalid configuration: COFFER_TLS_KEY_FILE ${certs.dir} cannot be read (EISDIR)`);
  });

  test('files of the wrong kind', () => {
    const m = configError(() => loadTlsCredentials({ certFile: certs.keyFile, keyFile: certs.keyFile }));
    assert.equal(m, `invalid configuration: COFFER_TLS_CERT_FILE ${certs.keyFile} holds no PEM certificate`);
    noPem(m);
    const m2 = configError(() => loadTlsCredentials({ certFile: certs.certFile, keyFile: certs.certFile }));
    assert.equal(m2, `invalid configuration: COFFER_TLS_KEY_FILE ${certs.certFile} holds no PEM private key`);
    noPem(m2);
    const der = path.join(certs.dir, 'key.der');
    fs.writeFileSync(der, Buffer.from(pemLines.join(''), 'base64'));
    noPem(configError(() => loadTlsCredentials({ certFile: certs.certFile, keyFile: der })));
  });

  test('the key of another certificate', () => {
    const m = configError(() => loadTlsCredentials({ certFile: certs.certFile, keyFile: certs.otherKeyFile }));
    assert.equal(
      m,
      `invalid configuration: COFFER_TLS_KEY_FILE ${certs.otherKeyFile} is not the private key of the certificate in COFFER_TLS_CERT_FILE ${certs.certFile}`,
    );
    noPem(m);
  });

  test('a path with a line break stays one line', () => {
    const odd = path.join(certs.dir, 'odd\nname.pem');
    const m = configError(() => loadTlsCredentials({ certFile: odd, keyFile: certs.keyFile }));
    assert.match(m, /odd\?name\.pem cannot be read/);
  });
});
