import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { BootstrapResult } from './bootstrap.js';

/** Where the server answers: https:// when it serves TLS (COFFER_TLS_*), else http://. */
export function serverUrl(config: Config, port: number): string {
  return `${config.tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
}

/** The start-up lines, once per start: where Coffer listens and, on the first start, the admin key's id. */
export function announceStart(config: Config, logger: Logger, url: string, boot: BootstrapResult, extra: Record<string, unknown> = {}): void {
  logger.info({ url, region: config.region, dataDir: config.dataDir, ...extra }, 'coffer is listening');
  if (boot.created) {
    logger.info(
      {
        accountId: boot.created.accountId,
        accessKeyId: boot.created.accessKeyId,
        credentialsFile: boot.created.credentialsFile,
        try: `AWS_SHARED_CREDENTIALS_FILE=${boot.created.credentialsFile} AWS_PROFILE=coffer AWS_DEFAULT_REGION=${config.region} aws --endpoint-url ${url}${config.tls ? ' --ca-bundle <your CA file>' : ''} secretsmanager list-secrets`,
      },
      'first start: created the account and its admin access key; the secret key is in the credentials file',
    );
  }
}
