/**
 * The secret JSON of AWS's RDS rotation templates: `engine`, `host`, `port`, `username`,
 * `password`, `dbname`, and `masterarn` (the secret of a user allowed to manage others) for the
 * alternating-users strategy. Optional `ssl` (true/"true" = TLS required, false/"false" = no TLS,
 * absent = TLS when the server offers it, as the templates do) and `excludeCharacters` (characters
 * new passwords must not contain).
 */
export interface DatabaseSecret {
  engine?: string;
  host: string;
  port?: number;
  username: string;
  password: string;
  dbname?: string;
  masterarn?: string;
  ssl?: boolean;
  excludeCharacters?: string;
  /** Every other member, kept as it was. */
  [other: string]: unknown;
}

/** The templates' default EXCLUDE_CHARACTERS: characters that trouble connection strings and shells. */
export const DEFAULT_EXCLUDE_CHARACTERS = '/@"\'\\';

export type EngineFamily = 'postgres' | 'mysql';

const ENGINES: Record<EngineFamily, string[]> = { postgres: ['postgres', 'postgresql'], mysql: ['mysql', 'mariadb'] };

/** Parses and checks a version's SecretString. Errors never quote the value. */
export function parseDatabaseSecret(text: string | undefined, family: EngineFamily, what: string): DatabaseSecret {
  if (text === undefined) throw new Error(`the ${what} secret has no SecretString`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`the ${what} secret is not JSON`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`the ${what} secret is not a JSON object`);
  const s = v as Record<string, unknown>;
  for (const key of ['host', 'username', 'password']) {
    if (typeof s[key] !== 'string' || s[key] === '') throw new Error(`the ${what} secret has no ${key}`);
  }
  if (s.engine !== undefined && !ENGINES[family].includes(String(s.engine).toLowerCase())) {
    throw new Error(`database engine must be set to '${family}' in order to use this rotator`);
  }
  if (s.port !== undefined && !Number.isInteger(Number(s.port))) throw new Error(`the ${what} secret's port is not a number`);
  const out = { ...s } as DatabaseSecret;
  if (s.port !== undefined) out.port = Number(s.port);
  if (s.ssl !== undefined) out.ssl = s.ssl === true || String(s.ssl).toLowerCase() === 'true';
  return out;
}

/** The other user of the alternating-users strategy: `name` <-> `name_clone`. */
export function otherUser(username: string): string {
  return username.endsWith('_clone') ? username.slice(0, -'_clone'.length) : `${username}_clone`;
}
