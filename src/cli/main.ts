import { Command } from 'commander';
import { serve } from './serve.js';

/** The `coffer` command line. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('coffer').description('Self-hosted secrets manager that speaks the AWS Secrets Manager API');
  program
    .command('serve')
    .description('run the server (configured by COFFER_* environment variables; see the README)')
    .action(serve);
  await program.parseAsync(argv);
}
