import pg from 'pg';
import { connectPerSsl, type DatabaseDriver, type DatabaseSession } from './database-driver.js';
import type { DatabaseSecret } from './database-secret.js';

/** PostgreSQL for the built-in rotators (node-postgres), the statements of AWS's templates. */
export const postgresDriver: DatabaseDriver = {
  family: 'postgres',
  async connect(secret, timeoutMs) {
    const client = await connectPerSsl(secret, async (tls) => {
      const c = new pg.Client({
        host: secret.host,
        port: secret.port ?? 5432,
        user: secret.username,
        password: secret.password,
        database: secret.dbname ?? 'postgres',
        ssl: tls ? { rejectUnauthorized: true } : false,
        connectionTimeoutMillis: timeoutMs,
        query_timeout: timeoutMs,
      });
      c.on('error', () => undefined);
      try {
        await c.connect();
      } catch (err) {
        await c.end().catch(() => undefined);
        throw err;
      }
      return c;
    });
    return client && new PostgresSession(client);
  },
};

class PostgresSession implements DatabaseSession {
  constructor(private readonly c: pg.Client) {}

  async setPassword(username: string, password: string): Promise<void> {
    await this.c.query(`ALTER USER ${this.c.escapeIdentifier(username)} WITH PASSWORD ${this.c.escapeLiteral(password)}`);
  }

  async createOrUpdateUser(current: DatabaseSecret, pending: DatabaseSecret): Promise<void> {
    const user = this.c.escapeIdentifier(pending.username);
    const password = this.c.escapeLiteral(pending.password);
    const exists = await this.c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [pending.username]);
    if (exists.rowCount === 0) {
      await this.c.query('BEGIN');
      try {
        await this.c.query(`CREATE ROLE ${user} WITH LOGIN PASSWORD ${password}`);
        await this.c.query(`GRANT ${this.c.escapeIdentifier(current.username)} TO ${user}`);
        await this.c.query('COMMIT');
      } catch (err) {
        await this.c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } else {
      await this.c.query(`ALTER USER ${user} WITH PASSWORD ${password}`);
    }
  }

  async ping(): Promise<void> {
    await this.c.query('SELECT NOW()');
  }

  async close(): Promise<void> {
    await this.c.end().catch(() => undefined);
  }
}
