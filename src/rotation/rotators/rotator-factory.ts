import type { RootKey } from '../../seal/index.js';
import { mysqlDriver } from '../database/mysql-driver.js';
import { postgresDriver } from '../database/postgres-driver.js';
import { DatabaseRotator } from '../database/database-rotator.js';
import { functionArn, type BuiltInFunction } from '../functions/function-arn.js';
import { openHmacKey, type ResolvedFunction } from '../functions/function-registry.js';
import { CommandRotator } from './command-rotator.js';
import { HttpRotator } from './http-rotator.js';
import type { Rotator } from './rotator.js';

const BUILT_INS: Record<BuiltInFunction, Rotator> = {
  'coffer-postgresql-single-user': new DatabaseRotator(postgresDriver, 'single-user'),
  'coffer-postgresql-alternating-users': new DatabaseRotator(postgresDriver, 'alternating-users'),
  'coffer-mysql-single-user': new DatabaseRotator(mysqlDriver, 'single-user'),
  'coffer-mysql-alternating-users': new DatabaseRotator(mysqlDriver, 'alternating-users'),
};

/** The rotator that runs a resolved function. */
export function rotatorFor(fn: ResolvedFunction, root: RootKey): Rotator {
  if (fn.kind === 'builtin') return BUILT_INS[fn.name];
  const r = fn.record;
  if (fn.kind === 'command') return new CommandRotator(r.command!, r.env);
  const key = openHmacKey(root, r);
  if (!key) throw new Error(`function ${r.name} has no signing key`);
  return new HttpRotator(r.url!, key, functionArn(r.region, r.accountId, r.name));
}
