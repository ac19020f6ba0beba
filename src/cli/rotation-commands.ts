import type { Command } from 'commander';
import { NoDataError, withDataSession } from '../app/index.js';
import { rotationStatus } from '../rotation/index.js';
import { findSecret } from '../secrets/index.js';
import { adminConfig, fail, printJson } from './admin-config.js';

/** `coffer rotation status SECRET`: a secret's rotation configuration and its state machine. */
export function rotationCommands(program: Command): void {
  const rotation = program.command('rotation').description('secret rotation');
  rotation
    .command('status')
    .description("print a secret's rotation configuration and the state machine of its latest rotation")
    .argument('<secret>', 'secret name or ARN')
    .option('--account <id>', 'account (default COFFER_ACCOUNT_ID)')
    .option('--region <region>', 'region (default COFFER_REGION)')
    .action(async (secretId: string, o: { account?: string; region?: string }) => {
      const config = adminConfig();
      try {
        const status = await withDataSession(config, ({ store }) =>
          store.read(async (tx) => {
            const secret = await findSecret(tx, o.account ?? config.accountId, o.region ?? config.region, secretId);
            return secret && rotationStatus(secret, await tx.getRotation(secret.arn));
          }),
        );
        if (!status) fail(`no secret ${secretId}`);
        printJson(status);
      } catch (err) {
        if (err instanceof NoDataError) fail(err.message);
        throw err;
      }
    });
}
