import { Ajv, type ValidateFunction } from 'ajv';
import { LOAD_TIME_CODE } from '../shared/ajv-options.js';
import addFormatsModule from 'ajv-formats';
import type { LogLevel } from '../shared/logger.js';
import { envError, parseClusterNodes, presentEnv } from './load-config.js';
import { envSchema, type RawEnv } from './schema.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** What the standalone simulated backend (`npm run backend`) reads from the environment. */
export interface SimulatorProcessConfig {
  port: number;
  host: string;
  publicUrl?: string;
  redisUrl?: string;
  redisClusterNodes?: string[];
  redisCommandTimeoutMs: number;
  /** Seed the personas again when the store was emptied. */
  reseed: boolean;
  logLevel: LogLevel;
  accessCodeMaxAttempts: number;
  accessCodeLockMinutes: number;
}

const NAMES = [
  'NODE_ENV',
  'HOST',
  'LOG_LEVEL',
  'REDIS_URL',
  'REDIS_CLUSTER_NODES',
  'REDIS_COMMAND_TIMEOUT_MS',
  'SIM_PORT',
  'SIM_PUBLIC_URL',
  'SIM_ACCESS_CODE_MAX_ATTEMPTS',
  'SIM_ACCESS_CODE_LOCK_MINUTES',
  'SIM_RESEED',
] as const;
type Name = (typeof NAMES)[number];

// The same definitions (types, bounds, defaults) as the assistant's, without its production rules.
const properties = envSchema.properties as Record<string, unknown>;
// Compiled on first use: the assistant's process imports this module with the configuration but
// never reads the simulator's own (compiling is most of the cost of this file).
let validator: ValidateFunction<Pick<RawEnv, Name>> | undefined;
function simulatorValidator(): ValidateFunction<Pick<RawEnv, Name>> {
  if (validator) return validator;
  const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: true, allowUnionTypes: true, code: LOAD_TIME_CODE });
  addFormats(ajv);
  validator = ajv.compile<Pick<RawEnv, Name>>({
    type: 'object',
    additionalProperties: true,
    required: NAMES.filter((n) => (envSchema.required as string[]).includes(n)),
    properties: Object.fromEntries(NAMES.map((n) => [n, properties[n]])),
  });
  return validator;
}

export function loadSimulatorConfig(env: NodeJS.ProcessEnv = process.env): SimulatorProcessConfig {
  const raw = presentEnv(env);
  const validate = simulatorValidator();
  if (!validate(raw)) throw envError(validate.errors, raw);
  return {
    port: raw.SIM_PORT,
    host: raw.HOST,
    ...(raw.SIM_PUBLIC_URL ? { publicUrl: raw.SIM_PUBLIC_URL.replace(/\/+$/, '') } : {}),
    ...(raw.REDIS_URL ? { redisUrl: raw.REDIS_URL } : {}),
    ...(raw.REDIS_CLUSTER_NODES ? { redisClusterNodes: parseClusterNodes(raw.REDIS_CLUSTER_NODES) } : {}),
    redisCommandTimeoutMs: raw.REDIS_COMMAND_TIMEOUT_MS,
    reseed: raw.SIM_RESEED ? raw.SIM_RESEED === 'on' : raw.NODE_ENV !== 'production',
    logLevel: raw.LOG_LEVEL,
    accessCodeMaxAttempts: raw.SIM_ACCESS_CODE_MAX_ATTEMPTS,
    accessCodeLockMinutes: raw.SIM_ACCESS_CODE_LOCK_MINUTES,
  };
}
