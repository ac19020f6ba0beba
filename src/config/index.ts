export { type Config, type RotationConfig, ConfigError } from './config.js';
export { loadConfig } from './load-config.js';
export type { AuditConfig, AuditSinkName } from './audit-config.js';
export { loadTlsCredentials, type TlsConfig, type TlsCredentials } from './tls-config.js';
