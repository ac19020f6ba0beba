import type { Command } from 'commander';
import { AccountError, createAccount, NoDataError, withDataSession } from '../app/index.js';
import { KeyService } from '../kms/index.js';
import { adminConfig, fail, printJson } from './admin-config.js';

async function guarded(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AccountError || err instanceof NoDataError) fail(err.message);
    throw err;
  }
}

/**
 * `coffer account create|list`: the accounts of this deployment. They work on the data directory
 * (COFFER_DATA_DIR) directly, beside a running server, which sees a new account at once.
 */
export function accountCommands(program: Command): void {
  const account = program.command('account').description('accounts of this deployment');
  account
    .command('create')
    .description("create an account with its aws/secretsmanager key and an admin user; prints the admin's access key once")
    .requiredOption('--name <name>', 'account name (unique)')
    .option('--id <12 digits>', 'account id (default: random)')
    .action((o: { name: string; id?: string }) =>
      guarded(async () => {
        const config = adminConfig();
        const created = await withDataSession(config, ({ store, root }) =>
          createAccount(store, new KeyService(root), root, { name: o.name, id: o.id }, config.region, Date.now()),
        );
        printJson({
          AccountId: created.account.id,
          Name: created.account.name,
          AdminUser: created.adminArn,
          AccessKeyId: created.accessKey.accessKeyId,
          SecretAccessKey: created.accessKey.secretAccessKey,
        });
        process.stderr.write('coffer: the secret access key is shown only this once; Coffer keeps it sealed\n');
      }),
    );
  account
    .command('list')
    .description('list the accounts')
    .action(() =>
      guarded(async () => {
        const config = adminConfig();
        const accounts = await withDataSession(config, ({ store }) => store.read((tx) => tx.listAccounts()));
        printJson({ Accounts: accounts.map((a) => ({ AccountId: a.id, Name: a.name, CreatedDate: new Date(a.createdAt).toISOString() })) });
      }),
    );
}
