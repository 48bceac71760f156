export { loadConfig, type Config } from './load-config.js';
export { ENV_DOCS, type RawEnv } from './schema.js';
export { loadSimulatorConfig, type SimulatorProcessConfig } from './load-simulator-config.js';
