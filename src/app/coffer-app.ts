import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOperationTable, createApiServer, loadServiceModel, RequestLog, SigningKeyCache } from '../api/index.js';
import type { Config } from '../config/index.js';
import { AdminOnlyAuthorizer, CredentialDirectory } from '../iam/index.js';
import { KeyService } from '../kms/index.js';
import type { Logger } from '../log/index.js';
import { Pipeline } from '../pipeline/index.js';
import { openFileRootKey } from '../seal/index.js';
import { DeletionPurger, secretsOperations, VersionSealer } from '../secrets/index.js';
import { openSqliteStore } from '../store/index.js';
import { bootstrap } from './bootstrap.js';

export interface RunningCoffer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Where the service models ship: <package root>/model. */
const MODEL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../model');

/** The composition root: builds every layer from the configuration and starts serving. */
export async function startCoffer(config: Config, logger: Logger): Promise<RunningCoffer> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const root = openFileRootKey(config.dataDir);
  const store = openSqliteStore(config.dataDir);
  const keys = new KeyService(root);
  const boot = await bootstrap(config, store, keys, root, Date.now());

  const model = loadServiceModel(path.join(MODEL_DIR, 'secretsmanager-service-2.json'));
  const operations = buildOperationTable(model, secretsOperations({ store, keys, sealer: new VersionSealer(keys) }));
  const pipeline = new Pipeline({
    authorizer: new AdminOnlyAuthorizer(),
    region: config.region,
    observers: [new RequestLog(logger)],
  });
  let ready = false;
  const server = createApiServer({
    pipeline,
    operations,
    credentials: new CredentialDirectory(store, root),
    signingKeys: new SigningKeyCache(),
    region: config.region,
    logger,
    health: () => (ready ? { status: 'ok', region: config.region } : undefined),
  });
  const purger = new DeletionPurger(
    store,
    config.purgeIntervalMs,
    (arn) => logger.info({ secretArn: arn }, 'secret deleted at the end of its recovery window'),
    (err) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'deletion purger failed'),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  purger.start();
  ready = true;
  logger.info({ url, region: config.region, dataDir: config.dataDir }, 'coffer is listening');
  if (boot.created) {
    logger.info(
      {
        accountId: boot.created.accountId,
        accessKeyId: boot.created.accessKeyId,
        credentialsFile: boot.created.credentialsFile,
        try: `AWS_SHARED_CREDENTIALS_FILE=${boot.created.credentialsFile} AWS_PROFILE=coffer AWS_REGION=${config.region} aws --endpoint-url ${url} secretsmanager list-secrets`,
      },
      'first start: created the account and its admin access key; the secret key is in the credentials file',
    );
  }
  return {
    url,
    port,
    async stop() {
      ready = false;
      purger.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await store.close();
    },
  };
}
