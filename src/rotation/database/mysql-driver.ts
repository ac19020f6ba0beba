import mysql from 'mysql2/promise';
import { connectPerSsl, type DatabaseDriver, type DatabaseSession } from './database-driver.js';
import type { DatabaseSecret } from './database-secret.js';

/** MySQL and MariaDB for the built-in rotators (mysql2), the statements of AWS's templates. */
export const mysqlDriver: DatabaseDriver = {
  family: 'mysql',
  async connect(secret, timeoutMs) {
    const conn = await connectPerSsl(secret, (tls) =>
      mysql.createConnection({
        host: secret.host,
        port: secret.port ?? 3306,
        user: secret.username,
        password: secret.password,
        ...(secret.dbname ? { database: secret.dbname } : {}),
        ...(tls ? { ssl: { rejectUnauthorized: true } } : {}),
        connectTimeout: timeoutMs,
      }),
    );
    if (!conn) return undefined;
    conn.on('error', () => undefined);
    return new MysqlSession(conn);
  },
};

class MysqlSession implements DatabaseSession {
  constructor(private readonly c: mysql.Connection) {}

  /** `PASSWORD(?)` before MySQL 8 (and on MariaDB), a plain value from MySQL 8 on, as AWS's template. */
  private async passwordOption(): Promise<string> {
    const [rows] = await this.c.query('SELECT VERSION() AS v');
    const version = String((rows as { v: string }[])[0]!.v);
    return /^(8|9)\./.test(version) && !/mariadb/i.test(version) ? '?' : 'PASSWORD(?)';
  }

  async setPassword(_username: string, password: string): Promise<void> {
    await this.c.query(`SET PASSWORD = ${await this.passwordOption()}`, [password]);
  }

  async createOrUpdateUser(current: DatabaseSecret, pending: DatabaseSecret): Promise<void> {
    const [rows] = await this.c.query('SELECT User FROM mysql.user WHERE User = ?', [pending.username]);
    if ((rows as unknown[]).length === 0) {
      await this.c.query('CREATE USER ? IDENTIFIED BY ?', [pending.username, pending.password]);
    }
    // Copy the current user's grants (the part before " TO ", as AWS's template does).
    const [grants] = await this.c.query('SHOW GRANTS FOR ?', [current.username]);
    for (const row of grants as Record<string, string>[]) {
      const grant = Object.values(row)[0]!.split(' TO ')[0]!;
      await this.c.query(`${grant} TO ${this.c.escape(pending.username)}`);
    }
    // The current user's TLS requirement carries over too.
    const [tls] = await this.c.query(
      'SELECT ssl_type, ssl_cipher, x509_issuer, x509_subject FROM mysql.user WHERE User = ? LIMIT 1',
      [current.username],
    );
    const t = (tls as Record<string, unknown>[])[0];
    const type = t ? String(t.ssl_type ?? '') : '';
    const requirement =
      type === '' ? 'NONE' : type === 'ANY' ? 'SSL' : type === 'X509' ? 'X509' : undefined;
    if (requirement) await this.c.query(`ALTER USER ? REQUIRE ${requirement}`, [pending.username]);
    else {
      await this.c.query('ALTER USER ? REQUIRE CIPHER ? AND ISSUER ? AND SUBJECT ?', [
        pending.username,
        String(t!.ssl_cipher),
        String(t!.x509_issuer),
        String(t!.x509_subject),
      ]);
    }
    await this.c.query(`SET PASSWORD FOR ? = ${await this.passwordOption()}`, [pending.username, pending.password]);
  }

  async ping(): Promise<void> {
    await this.c.query('SELECT NOW()');
  }

  async close(): Promise<void> {
    await this.c.end().catch(() => undefined);
  }
}
