import { Ajv, type ErrorObject } from 'ajv';
import { LOAD_TIME_CODE } from '../shared/ajv-options.js';
import addFormatsModule from 'ajv-formats';
import { randomBytes } from 'node:crypto';
import { parseOpeningHours, type OpeningHoursSpec } from '../handoff/opening-hours.js';
import { ConfigError, errorMessage } from '../shared/errors.js';
import type { LogLevel } from '../shared/logger.js';
import { envSchema, type RawEnv } from './schema.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface Config {
  env: RawEnv['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string;
  logLevel: LogLevel;
  directLine: {
    secret: string;
    secretGenerated: boolean;
    tokenTtlSeconds: number;
    /** Activities a conversation may post a minute (0: no limit). */
    messagesPerMinute: number;
    /** Activities a conversation may hold. */
    maxActivities: number;
    /** Activities a client can read back (the most recent). */
    replayWindow: number;
  };
  botFramework: {
    appId?: string;
    appPassword?: string;
    appType: RawEnv['MicrosoftAppType'];
    tenantId?: string;
    /** Unauthenticated requests accepted (no app id, and development or BOTFRAMEWORK_EMULATOR=on). */
    emulator: boolean;
  };
  redisUrl?: string;
  /** Seeds of a Redis Cluster (REDIS_CLUSTER_NODES): the state lives there, whatever REDIS_URL says. */
  redisClusterNodes?: string[];
  /** Deadline of one Redis command. */
  redisCommandTimeoutMs: number;
  /** Lease on a conversation while an instance handles its turn (with Redis). */
  conversationLockMs: number;
  /** Key of /metrics and /api/nlu/parse in production (the agent key works too). */
  opsApiKey?: string;
  backend: { url?: string; timeoutMs: number };
  simulator: {
    enabled: boolean;
    /** Seed the personas again when the store was emptied (SIM_RESEED; on unless production). */
    reseed: boolean;
    accessCodeMaxAttempts: number;
    accessCodeLockMinutes: number;
    /** Port and public address of the standalone simulator (npm run backend). */
    port: number;
    publicUrl?: string;
  };
  agent: { apiKey?: string; apiKeyGenerated: boolean; maxKeyFailures: number };
  conversation: { idleMinutes: number };
  shutdownGraceMs: number;
  /** express 'trust proxy': which X-Forwarded-For hops give the client address. */
  trustProxy: string | number;
  webChat: {
    tokensPerMinute: number;
    /** Origins (scheme://host[:port]) of the sites allowed to embed the chat, besides the assistant's own. */
    allowedOrigins: string[];
  };
  /** When advisors answer live (ADVISOR_HOURS in ADVISOR_TIMEZONE). */
  advisors: { hours: OpeningHoursSpec };
}

const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: true, allowUnionTypes: true, code: LOAD_TIME_CODE });
addFormats(ajv);
const validate = ajv.compile(envSchema);

/**
 * Reads and checks the environment once, at start-up. A wrong value throws a ConfigError whose
 * message is one line naming the variable; main.ts prints it and exits without a stack trace.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, random: (bytes: number) => string = defaultRandom): Config {
  const raw = presentEnv(env);

  if (!validate(raw)) throw envError(validate.errors, raw);
  const e = raw as unknown as RawEnv;
  const production = e.NODE_ENV === 'production';

  const simulatorEnabled = e.SIMULATOR ? e.SIMULATOR === 'on' : !production && !e.BACKEND_URL;
  if (production && !e.BACKEND_URL && !simulatorEnabled) {
    throw new ConfigError('Invalid configuration: NODE_ENV=production needs BACKEND_URL, or SIMULATOR=on to run on the simulated backend.');
  }
  if (!e.BACKEND_URL && !simulatorEnabled) {
    throw new ConfigError('Invalid configuration: SIMULATOR=off needs BACKEND_URL (the assistant has no backend otherwise).');
  }
  if (production && !e.DIRECT_LINE_SECRET) {
    throw new ConfigError('Invalid configuration: DIRECT_LINE_SECRET is required when NODE_ENV=production (32 characters or more).');
  }
  if (e.MicrosoftAppId && e.MicrosoftAppType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
    throw new ConfigError(`Invalid configuration: MicrosoftAppPassword is required when MicrosoftAppId is set and MicrosoftAppType=${e.MicrosoftAppType}.`);
  }
  if (e.MicrosoftAppId && e.MicrosoftAppType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
    throw new ConfigError(`Invalid configuration: MicrosoftAppTenantId is required when MicrosoftAppType=${e.MicrosoftAppType}.`);
  }

  const allowedOrigins = parseOrigins(e.WEBCHAT_ALLOWED_ORIGINS);
  let hours: OpeningHoursSpec;
  try {
    hours = parseOpeningHours(e.ADVISOR_HOURS, e.ADVISOR_TIMEZONE);
  } catch (error) {
    const name = /time zone/.test(errorMessage(error)) ? 'ADVISOR_TIMEZONE' : 'ADVISOR_HOURS';
    throw new ConfigError(`Invalid configuration: ${name} ${errorMessage(error)}.`);
  }

  const secretGenerated = !e.DIRECT_LINE_SECRET;
  const apiKeyGenerated = !e.AGENT_API_KEY && !production;
  const agentKey = e.AGENT_API_KEY ?? (production ? undefined : random(24));
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    directLine: {
      secret: e.DIRECT_LINE_SECRET ?? random(32),
      secretGenerated,
      tokenTtlSeconds: e.DIRECT_LINE_TOKEN_TTL_SECONDS,
      messagesPerMinute: e.DIRECT_LINE_MESSAGES_PER_MINUTE,
      maxActivities: e.DIRECT_LINE_MAX_ACTIVITIES,
      replayWindow: e.DIRECT_LINE_REPLAY_WINDOW,
    },
    botFramework: {
      ...(e.MicrosoftAppId ? { appId: e.MicrosoftAppId } : {}),
      ...(e.MicrosoftAppPassword ? { appPassword: e.MicrosoftAppPassword } : {}),
      appType: e.MicrosoftAppType,
      ...(e.MicrosoftAppTenantId ? { tenantId: e.MicrosoftAppTenantId } : {}),
      // Unauthenticated activities name their own channel, conversation and serviceUrl: fine for an
      // Emulator beside a developer's assistant, never by default in production.
      emulator: !e.MicrosoftAppId && (e.BOTFRAMEWORK_EMULATOR ? e.BOTFRAMEWORK_EMULATOR === 'on' : !production),
    },
    ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
    ...(e.REDIS_CLUSTER_NODES ? { redisClusterNodes: parseClusterNodes(e.REDIS_CLUSTER_NODES) } : {}),
    redisCommandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
    conversationLockMs: e.CONVERSATION_LOCK_MS,
    ...(e.OPS_API_KEY ? { opsApiKey: e.OPS_API_KEY } : {}),
    backend: { ...(e.BACKEND_URL ? { url: e.BACKEND_URL.replace(/\/+$/, '') } : {}), timeoutMs: e.BACKEND_TIMEOUT_MS },
    simulator: {
      enabled: simulatorEnabled,
      reseed: e.SIM_RESEED ? e.SIM_RESEED === 'on' : !production,
      accessCodeMaxAttempts: e.SIM_ACCESS_CODE_MAX_ATTEMPTS,
      accessCodeLockMinutes: e.SIM_ACCESS_CODE_LOCK_MINUTES,
      port: e.SIM_PORT,
      ...(e.SIM_PUBLIC_URL ? { publicUrl: e.SIM_PUBLIC_URL.replace(/\/+$/, '') } : {}),
    },
    agent: { ...(agentKey ? { apiKey: agentKey } : {}), apiKeyGenerated, maxKeyFailures: e.AGENT_KEY_MAX_FAILURES },
    conversation: { idleMinutes: e.CONVERSATION_IDLE_MINUTES },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    trustProxy: /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    webChat: { tokensPerMinute: e.WEBCHAT_TOKENS_PER_MINUTE, allowedOrigins },
    advisors: { hours },
  };
}

/** "redis://a:7000, redis://b:7001" → the seeds of a cluster (the schema checked their shape). */
export function parseClusterNodes(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "https://a.fr, http://localhost:8080" → exact origins; anything else stops the start. */
function parseOrigins(value: string | undefined): string[] {
  const origins: string[] = [];
  for (const item of (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    let origin: string | undefined;
    try {
      const url = new URL(item);
      const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !/\/\/.*\/./.test(item);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && bare) origin = url.origin;
    } catch {
      origin = undefined;
    }
    if (!origin) throw new ConfigError(`Invalid configuration: WEBCHAT_ALLOWED_ORIGINS must list origins such as https://www.example.fr (scheme, host and port, no path) (got "${truncate(item)}").`);
    origins.push(origin);
  }
  return [...new Set(origins)];
}

/** One line naming the first wrong variable (and its value, unless it is a secret). */
export function envError(errors: ErrorObject[] | null | undefined, raw: Record<string, unknown>): ConfigError {
  const first = errors?.[0];
  const name = first?.instancePath.replace(/^\//, '') || String(first?.params && 'missingProperty' in first.params ? first.params.missingProperty : '?');
  // Never echo a secret back, even a wrong one.
  const secret = /secret|password|key/i.test(name);
  const got = name in raw && !secret ? ` (got "${truncate(String(raw[name]))}")` : '';
  return new ConfigError(`Invalid configuration: ${name} ${first?.message ?? 'is invalid'}${describeAllowed(first?.params)}${got}.`);
}

/** The environment with empty strings removed: empty counts as unset, as in most .env tooling. */
export function presentEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') raw[k] = v;
  return raw;
}

function defaultRandom(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function describeAllowed(params: unknown): string {
  if (params && typeof params === 'object' && 'allowedValues' in params && Array.isArray(params.allowedValues)) {
    return ` (${params.allowedValues.join(', ')})`;
  }
  return '';
}
