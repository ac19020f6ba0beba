import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIT_HEAD_DIR, AuditedStore, AuditSigner, lookupEvents, openAuditTrail } from '../audit/index.js';
import { buildOperationTable, createApiServer, loadServiceModel, RequestLog, SigningKeyCache } from '../api/index.js';
import { loadTlsCredentials, type Config, type TlsCredentials } from '../config/index.js';
import { CredentialDirectory, iamFactsLoader, PolicyAuthorizer } from '../iam/index.js';
import { KeyMaintenance, KeyService, kmsFactsLoader, kmsOperations } from '../kms/index.js';
import type { Logger } from '../log/index.js';
import { AuditObserver, Pipeline } from '../pipeline/index.js';
import { openFileRootKey } from '../seal/index.js';
import { RotationEngine } from '../rotation/index.js';
import { DeletionPurger, loadSecretAuthorizationFacts, secretsOperations, VersionSealer } from '../secrets/index.js';
import { openSqliteStore } from '../store/index.js';
import { announceStart, serverUrl } from './announce.js';
import { bootstrap, type BootstrapResult } from './bootstrap.js';
import { identityEndpoint } from './identity-endpoint.js';

export interface RunningCoffer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Where the service models ship: <package root>/model. */
const MODEL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../model');

/**
 * What a serving process does besides serving. One process alone does everything; the workers of
 * a cluster (app/cluster-primary.ts) leave the first-start bootstrap and the start-up lines to the
 * primary, and only the first worker runs the maintenance timers (deletion purger, KMS key
 * maintenance). Every worker runs the rotation engine, which claims work through the store.
 */
export interface ServeRole {
  bootstrap: boolean;
  maintenance: boolean;
  announce: boolean;
}

export const SINGLE_PROCESS: ServeRole = { bootstrap: true, maintenance: true, announce: true };

/** The composition root: builds every layer from the configuration and starts serving. */
export async function startCoffer(
  config: Config,
  logger: Logger,
  role: ServeRole = SINGLE_PROCESS,
  /** The checked COFFER_TLS_* files, when the caller has read them already; read here otherwise. */
  tlsCredentials?: TlsCredentials,
): Promise<RunningCoffer> {
  const tls = config.tls ? (tlsCredentials ?? loadTlsCredentials(config.tls)) : undefined;
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const root = openFileRootKey(config.dataDir);
  const store = openSqliteStore(config.dataDir);
  const keys = new KeyService(root);
  const boot: BootstrapResult = role.bootstrap ? await bootstrap(config, store, keys, root, Date.now()) : {};

  // The audit trail (issue 5): started before the first call can arrive; off only with
  // COFFER_AUDIT_SINKS=none, a measurement aid.
  const audit =
    config.audit.sinks.length > 0
      ? openAuditTrail(config.audit, {
          store,
          signer: new AuditSigner(root.deriveKey('audit-signing')),
          region: config.region,
          headDir: path.join(config.dataDir, AUDIT_HEAD_DIR),
          onProblem: (message, err) => logger.error({ err: err instanceof Error ? err.message : err }, message),
        })
      : undefined;
  if (audit) await audit.start();
  else logger.warn('COFFER_AUDIT_SINKS=none: the audit trail is OFF (a measurement aid only; calls are not recorded)');
  const operationStore = audit ? new AuditedStore(store, audit) : store;

  const model = loadServiceModel(path.join(MODEL_DIR, 'secretsmanager-service-2.json'));
  const sealer = new VersionSealer(keys);
  const credentials = new CredentialDirectory(store, root);
  // Rotation functions' role sessions are sealed by the same SessionTokens that authenticate them.
  const rotation = new RotationEngine({ store, root, sealer, sessions: credentials.sessions, logger, settings: config.rotation, audit });
  const operations = new Map([
    ...buildOperationTable(model, secretsOperations({ store: operationStore, keys, sealer, rotation })),
    ...buildOperationTable(loadServiceModel(path.join(MODEL_DIR, 'cloudtrail-service-2.json')), [lookupEvents(store)], {
      subset: true,
      targetAliases: ['CloudTrail_20131101'],
    }),
    ...buildOperationTable(loadServiceModel(path.join(MODEL_DIR, 'kms-service-2.json')), kmsOperations({ store: operationStore, keys }), { subset: true }),
  ]);
  const pipeline = new Pipeline({
    authorizer: new PolicyAuthorizer({ store, loaders: { secretsmanager: loadSecretAuthorizationFacts, kms: kmsFactsLoader(keys), iam: iamFactsLoader } }),
    region: config.region,
    observers: audit ? [new AuditObserver(audit, config.region, config.accountId), new RequestLog(logger)] : [new RequestLog(logger)],
  });
  let ready = false;
  const server = createApiServer({
    pipeline,
    operations,
    query: identityEndpoint(MODEL_DIR, config.region, { store: operationStore, root, credentials, resourceFacts: { kms: kmsFactsLoader(keys) } }),
    credentials,
    signingKeys: new SigningKeyCache(),
    region: config.region,
    logger,
    health: () => (ready ? { status: 'ok', region: config.region } : undefined),
    tls,
  });
  const purger = new DeletionPurger(
    store,
    config.purgeIntervalMs,
    (arn) => logger.info({ secretArn: arn }, 'secret deleted at the end of its recovery window'),
    (err) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'deletion purger failed'),
    Date.now,
    audit,
  );

  const keyMaintenance = new KeyMaintenance(
    store,
    keys,
    config.purgeIntervalMs,
    (event, keyArn) => logger.info({ keyArn }, event === 'rotated' ? 'KMS key material rotated' : 'KMS key deleted at the end of its waiting period'),
    (err) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'KMS key maintenance failed'),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = serverUrl(config, port);
  if (role.maintenance) {
    purger.start();
    keyMaintenance.start();
  }
  rotation.start(url);
  ready = true;
  if (role.announce) announceStart(config, logger, url, boot);
  return {
    url,
    port,
    async stop() {
      ready = false;
      purger.stop();
      await keyMaintenance.stop();
      await rotation.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await audit?.stop().catch((err) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'audit trail: closing digest failed'));
      await store.close();
    },
  };
}
