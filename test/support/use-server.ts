import { after, before } from 'node:test';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CofferServer, REGION, stopAndClean } from './coffer-server.js';

export interface UsedServer {
  /** The server: started by the time the tests (and `before` hooks registered later) run. */
  readonly server: CofferServer;
  /** A Secrets Manager client for the admin; it reads the server's address and key on first use. */
  readonly sm: SecretsManagerClient;
}

/**
 * One real `coffer serve` for the test file, or for the `describe` it is called in: registers the
 * node:test `before` hook that starts it and the `after` hook that stops it and removes its data
 * directory, and returns at once, so that `const { server, sm } = useServer()` replaces the
 * variables, hooks and client set-up each file would otherwise repeat.
 *
 * Within a `describe`, hooks run one after another, so a later `before` may use the server. At a
 * file's top level Node 20 starts every `before` at once (the tests still wait for all of them):
 * there, set-up that needs the started server belongs in a `describe` or in the tests.
 */
export function useServer(opts: { env?: Record<string, string> } = {}): UsedServer {
  const server = new CofferServer(opts);
  before(() => server.start());
  after(() => stopAndClean(server));
  const sm = new SecretsManagerClient({
    // Providers: the port and the admin key exist only once the server has started.
    endpoint: async () => ({ url: new URL(server.url) }),
    credentials: async () => server.credentials(),
    region: REGION,
    maxAttempts: 1,
  });
  return { server, sm };
}
