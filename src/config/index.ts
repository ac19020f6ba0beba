export { type Config, type RotationConfig, ConfigError } from './config.js';
export { loadConfig } from './load-config.js';
export type { AuditConfig, AuditSinkName } from './audit-config.js';
