import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import type { NewAccessKey } from '../iam/index.js';
import { ADMIN_USER, seedAccount } from './accounts.js';
import type { KeyService } from '../kms/index.js';
import { type RootKey, SealError } from '../seal/index.js';
import type { Store } from '../store/index.js';

export const CREDENTIALS_FILE = 'credentials';
export { ADMIN_USER };

export interface BootstrapResult {
  /** Set on the very first start only. */
  created?: { accountId: string; accessKeyId: string; credentialsFile: string };
}

/**
 * First start: the account, its aws/secretsmanager key and an admin user with an access key,
 * written to coffer-data/credentials (profile "coffer", mode 0600). Later starts make sure every
 * account has its default key in the configured region.
 */
export async function bootstrap(config: Config, store: Store, keys: KeyService, root: RootKey, now: number): Promise<BootstrapResult> {
  let fresh: NewAccessKey | undefined;
  await store.write(async (tx) => {
    const accounts = await tx.listAccounts();
    if (accounts.length === 0) {
      const given =
        config.adminAccessKeyId && config.adminSecretAccessKey
          ? { accessKeyId: config.adminAccessKeyId, secretAccessKey: config.adminSecretAccessKey }
          : undefined;
      const account = { id: config.accountId, name: 'default', createdAt: now };
      fresh = (await seedAccount(tx, keys, root, account, config.region, given)).accessKey;
      accounts.push(account);
    }
    for (const a of accounts) {
      const key = await keys.ensureSecretsManagerKey(tx, a.id, config.region, now);
      assertRootKeyOpens(root, key.sealedMaterial, key.arn, config.dataDir);
    }
  });
  if (!fresh) return {};
  const credentialsFile = path.join(config.dataDir, CREDENTIALS_FILE);
  writeCredentialsFile(credentialsFile, fresh);
  return { created: { accountId: config.accountId, accessKeyId: fresh.accessKeyId, credentialsFile } };
}

/**
 * A root key other than the one the data directory was sealed with would otherwise start fine
 * and then fail every request (access keys and key material do not open): refuse to start.
 */
function assertRootKeyOpens(root: RootKey, sealed: Buffer, aad: string, dataDir: string): void {
  try {
    root.unwrap(sealed, aad).fill(0);
  } catch (err) {
    if (!(err instanceof SealError)) throw err;
    throw new SealError(`the root key does not open the keys stored in ${dataDir}; it is not the root key this data directory was created with`);
  }
}

function writeCredentialsFile(file: string, key: NewAccessKey): void {
  const text = `[coffer]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`;
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
