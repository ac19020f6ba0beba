import { Command } from 'commander';
import { accountCommands } from './account-commands.js';
import { auditCommands } from './audit-commands.js';
import { functionCommands } from './function-commands.js';
import { rotationCommands } from './rotation-commands.js';
import { serve } from './serve.js';

/** The `coffer` command line. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('coffer').description('Self-hosted secrets manager that speaks the AWS Secrets Manager API');
  program
    .command('serve')
    .description('run the server (configured by COFFER_* environment variables; see the README)')
    .action(serve);
  functionCommands(program);
  rotationCommands(program);
  auditCommands(program);
  accountCommands(program);
  await program.parseAsync(argv);
}
