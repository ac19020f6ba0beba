import { KMSClient } from '@aws-sdk/client-kms';
import { REGION, type CofferServer } from './coffer-server.js';

/** An SDK v3 KMS client pointed at a test server, as the admin unless other credentials are given. */
export function kmsClient(server: CofferServer, creds = server.credentials()): KMSClient {
  return new KMSClient({ endpoint: server.url, region: REGION, credentials: creds, maxAttempts: 1 });
}
