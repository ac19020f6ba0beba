import type { Command } from 'commander';
import { NoDataError, withDataSession } from '../app/index.js';
import { BUILT_IN_FUNCTIONS, createFunction, deleteFunction, functionArn, FunctionRegistryError } from '../rotation/index.js';
import { adminConfig, fail, printJson } from './admin-config.js';

interface Scope {
  account?: string;
  region?: string;
}

function collectEnv(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new Error(`--env takes NAME=VALUE, not ${JSON.stringify(value)}`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

async function guarded(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof FunctionRegistryError || err instanceof NoDataError) fail(err.message);
    throw err;
  }
}

/**
 * `coffer function create|list|delete`: the rotation functions of an account and region,
 * addressed by Lambda ARN. They work on the data directory (COFFER_DATA_DIR) directly, beside a
 * running server.
 */
export function functionCommands(program: Command): void {
  const fn = program.command('function').description('rotation functions (addressed by Lambda ARN)');
  fn.command('create')
    .description('register a rotation function: a local command in the Lambda handler contract, or an HTTP(S) endpoint')
    .requiredOption('--name <name>', 'function name (the last part of its Lambda ARN)')
    .option('--command <command>', 'run with /bin/sh -c; the event arrives as JSON on standard input')
    .option('--url <url>', 'POST the event and session credentials, signed with an HMAC header, to this URL')
    .option('--role <arn>', 'the IAM role the function runs as (arn:aws:iam::ACCOUNT:role/NAME); its trust policy must allow lambda.amazonaws.com')
    .option('--env <NAME=VALUE>', 'environment variable for a command function (repeatable)', collectEnv, {})
    .option('--account <id>', 'account (default COFFER_ACCOUNT_ID)')
    .option('--region <region>', 'region (default COFFER_REGION)')
    .action((o: Scope & { name: string; command?: string; url?: string; role?: string; env: Record<string, string> }) =>
      guarded(async () => {
        const config = adminConfig();
        const accountId = o.account ?? config.accountId;
        const region = o.region ?? config.region;
        const created = await withDataSession(config, ({ store, root }) =>
          createFunction(store, root, { accountId, region, name: o.name, command: o.command, url: o.url, env: o.env, roleArn: o.role }, Date.now()),
        );
        const out: Record<string, string> = { FunctionArn: created.arn, Role: created.roleArn };
        // The endpoint checks the signature of each event with this key, shown this once.
        if (created.hmacKey !== undefined) out.SigningKey = created.hmacKey;
        printJson(out);
      }),
    );
  fn.command('list')
    .description('list the built-in and registered rotation functions')
    .option('--account <id>', 'account (default COFFER_ACCOUNT_ID)')
    .option('--region <region>', 'region (default COFFER_REGION)')
    .action((o: Scope) =>
      guarded(async () => {
        const config = adminConfig();
        const accountId = o.account ?? config.accountId;
        const region = o.region ?? config.region;
        const registered = await withDataSession(config, ({ store }) => store.read((tx) => tx.listRotationFunctions(accountId, region)));
        printJson({
          Functions: [
            ...BUILT_IN_FUNCTIONS.map((name) => ({ FunctionName: name, FunctionArn: functionArn(region, accountId, name), Kind: 'built-in' })),
            ...registered.map((f) => ({
              FunctionName: f.name,
              FunctionArn: functionArn(region, accountId, f.name),
              Kind: f.kind,
              ...(f.command !== undefined ? { Command: f.command } : {}),
              ...(f.url !== undefined ? { Url: f.url } : {}),
              ...(f.env !== undefined ? { Environment: Object.keys(f.env) } : {}),
              Role: f.roleArn ?? null,
              CreatedDate: new Date(f.createdAt).toISOString(),
            })),
          ],
        });
      }),
    );
  fn.command('delete')
    .description('remove a registered rotation function (its role stays)')
    .requiredOption('--name <name>', 'function name')
    .option('--account <id>', 'account (default COFFER_ACCOUNT_ID)')
    .option('--region <region>', 'region (default COFFER_REGION)')
    .action((o: Scope & { name: string }) =>
      guarded(async () => {
        const config = adminConfig();
        await withDataSession(config, ({ store }) => deleteFunction(store, o.account ?? config.accountId, o.region ?? config.region, o.name));
        printJson({ Deleted: functionArn(o.region ?? config.region, o.account ?? config.accountId, o.name) });
      }),
    );
}
