export { type Config, ConfigError } from './config.js';
export { loadConfig } from './load-config.js';
