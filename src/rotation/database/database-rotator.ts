import { generateRandomPassword } from '../../secrets/index.js';
import type { InvocationContext, RotationEvent, Rotator } from '../rotators/rotator.js';
import { CofferApi } from './coffer-api.js';
import type { DatabaseDriver, DatabaseSession } from './database-driver.js';
import {
  DEFAULT_EXCLUDE_CHARACTERS,
  otherUser,
  parseDatabaseSecret,
  type DatabaseSecret,
} from './database-secret.js';

export type Strategy = 'single-user' | 'alternating-users';

const PASSWORD_LENGTH = 32;

/**
 * The four steps of AWS's RDS rotation templates, in-process, against a real database:
 *
 * - createSecret: if the token has no AWSPENDING value yet, copy AWSCURRENT with a new password
 *   (GetRandomPassword's generator, honouring the secret's `excludeCharacters`) and, for
 *   alternating users, the other user name (`name` <-> `name_clone`); PutSecretValue(AWSPENDING).
 * - setSecret: done already if the pending credentials log in. Single user: log in with
 *   AWSCURRENT (else AWSPREVIOUS) and change the own password. Alternating users: log in as the
 *   master user (`masterarn`) and create the other user with the current user's privileges, or
 *   change its password.
 * - testSecret: log in with the pending credentials and run a query.
 * - finishSecret: move AWSCURRENT to the token's version (UpdateSecretVersionStage).
 *
 * Every read and write of the secret goes through Coffer's API with the rotator's access key.
 * Passwords never reach a log or an error message.
 */
export class DatabaseRotator implements Rotator {
  constructor(
    private readonly driver: DatabaseDriver,
    private readonly strategy: Strategy,
  ) {}

  async invoke(event: RotationEvent, ctx: InvocationContext): Promise<void> {
    const api = new CofferApi(ctx.endpoint, ctx.region, ctx.credentials, ctx.signal);
    const arn = event.SecretId;
    const token = event.ClientRequestToken;
    switch (event.Step) {
      case 'createSecret':
        return this.createSecret(api, arn, token);
      case 'setSecret':
        return this.setSecret(api, arn, token, ctx.timeoutMs);
      case 'testSecret':
        return this.testSecret(api, arn, token, ctx.timeoutMs);
      case 'finishSecret':
        return this.finishSecret(api, arn, token);
    }
  }

  private secret(text: string | undefined, what: string): DatabaseSecret {
    return parseDatabaseSecret(text, this.driver.family, what);
  }

  private async createSecret(api: CofferApi, arn: string, token: string): Promise<void> {
    const current = this.secret(await api.getSecretString(arn, 'AWSCURRENT'), 'AWSCURRENT');
    if ((await api.getSecretString(arn, 'AWSPENDING', token)) !== undefined) return;
    const pending: DatabaseSecret = { ...current };
    if (this.strategy === 'alternating-users') pending.username = otherUser(current.username);
    pending.password = generateRandomPassword({
      PasswordLength: PASSWORD_LENGTH,
      ExcludeCharacters: current.excludeCharacters ?? DEFAULT_EXCLUDE_CHARACTERS,
    });
    await api.call('PutSecretValue', {
      SecretId: arn,
      ClientRequestToken: token,
      SecretString: JSON.stringify(pending),
      VersionStages: ['AWSPENDING'],
    });
  }

  private async setSecret(api: CofferApi, arn: string, token: string, timeoutMs: number): Promise<void> {
    const pending = this.secret(await api.getSecretString(arn, 'AWSPENDING', token), 'AWSPENDING');
    const already = await this.driver.connect(pending, timeoutMs);
    if (already) return already.close();
    const current = this.secret(await api.getSecretString(arn, 'AWSCURRENT'), 'AWSCURRENT');
    if (pending.host !== current.host) throw new Error('the AWSPENDING secret names another database host than AWSCURRENT');
    let session: DatabaseSession | undefined;
    if (this.strategy === 'single-user') {
      if (pending.username !== current.username) throw new Error('the AWSPENDING secret names another user than AWSCURRENT');
      session = await this.driver.connect(current, timeoutMs);
      if (!session) {
        const previousText = await api.getSecretString(arn, 'AWSPREVIOUS');
        if (previousText !== undefined) session = await this.driver.connect(this.secret(previousText, 'AWSPREVIOUS'), timeoutMs);
      }
      if (!session) throw new Error('unable to log into the database with the previous, current, or pending secret');
      try {
        await session.setPassword(pending.username, pending.password);
      } finally {
        await session.close();
      }
      return;
    }
    if (!current.masterarn) throw new Error('the secret has no masterarn (the secret of the user that manages the others)');
    // Against a confused deputy, as AWS's alternating-users templates do: the AWSCURRENT
    // credentials must log in before the master secret is used at all. Otherwise whoever may only
    // write this secret could name any user (and any masterarn) and have a clone of that user
    // created with a password they can read.
    const proof = await this.driver.connect(current, timeoutMs);
    if (!proof) throw new Error('unable to log into the database with the AWSCURRENT secret (it must, before the master secret is used)');
    await proof.close();
    const master = this.secret(await api.getSecretString(current.masterarn, 'AWSCURRENT'), 'master');
    if (master.host !== current.host) throw new Error('the master secret names another database host than AWSCURRENT');
    session = await this.driver.connect({ ...master, dbname: master.dbname ?? current.dbname }, timeoutMs);
    if (!session) throw new Error('unable to log into the database with the master secret');
    try {
      await session.createOrUpdateUser(current, pending);
    } finally {
      await session.close();
    }
  }

  private async testSecret(api: CofferApi, arn: string, token: string, timeoutMs: number): Promise<void> {
    const pending = this.secret(await api.getSecretString(arn, 'AWSPENDING', token), 'AWSPENDING');
    const session = await this.driver.connect(pending, timeoutMs);
    if (!session) throw new Error('unable to log into the database with the pending secret');
    try {
      await session.ping();
    } finally {
      await session.close();
    }
  }

  private async finishSecret(api: CofferApi, arn: string, token: string): Promise<void> {
    const d = await api.call<{ VersionIdsToStages?: Record<string, string[]> }>('DescribeSecret', { SecretId: arn });
    const current = Object.entries(d.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
    if (current === token) return;
    const input: Record<string, unknown> = { SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token };
    if (current) input.RemoveFromVersionId = current;
    await api.call('UpdateSecretVersionStage', input);
  }
}
