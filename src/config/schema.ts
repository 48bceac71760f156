import type { JSONSchemaType } from 'ajv';

/** The environment variables the assistant reads, as strings (after defaults, before typing). */
export interface RawEnv {
  NODE_ENV: 'development' | 'production' | 'test';
  PORT: number;
  HOST: string;
  PUBLIC_URL?: string;
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  DIRECT_LINE_SECRET?: string;
  DIRECT_LINE_TOKEN_TTL_SECONDS: number;
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  MicrosoftAppTenantId?: string;
  REDIS_URL?: string;
  BACKEND_URL?: string;
  BACKEND_TIMEOUT_MS: number;
  SIMULATOR?: 'on' | 'off';
  SIM_ACCESS_CODE_MAX_ATTEMPTS: number;
  SIM_ACCESS_CODE_LOCK_MINUTES: number;
  SIM_PORT: number;
  SIM_PUBLIC_URL?: string;
  AGENT_API_KEY?: string;
  CONVERSATION_IDLE_MINUTES: number;
  SHUTDOWN_GRACE_MS: number;
  TRUST_PROXY: string;
  WEBCHAT_TOKENS_PER_MINUTE: number;
  AGENT_KEY_MAX_FAILURES: number;
  WEBCHAT_ALLOWED_ORIGINS?: string;
  ADVISOR_HOURS: string;
  ADVISOR_TIMEZONE: string;
  BOTFRAMEWORK_EMULATOR?: 'on' | 'off';
  OPS_API_KEY?: string;
  REDIS_COMMAND_TIMEOUT_MS: number;
  DIRECT_LINE_MESSAGES_PER_MINUTE: number;
  DIRECT_LINE_MAX_ACTIVITIES: number;
  REDIS_CLUSTER_NODES?: string;
  CONVERSATION_LOCK_MS: number;
  DIRECT_LINE_REPLAY_WINDOW: number;
  SIM_RESEED?: 'on' | 'off';
}

/** Every variable, its default and what it is for: the README and .env.example follow this list. */
export const ENV_DOCS: ReadonlyArray<{ name: keyof RawEnv; default: string; about: string }> = [
  { name: 'NODE_ENV', default: 'development', about: 'development, test or production. production refuses the simulator unless SIMULATOR=on.' },
  { name: 'PORT', default: '3978', about: 'HTTP port of the assistant.' },
  { name: 'HOST', default: '0.0.0.0', about: 'Interface to listen on.' },
  { name: 'PUBLIC_URL', default: 'http://localhost:$PORT', about: 'Address people reach the assistant at (links in simulated e-mails, Teams manifest).' },
  { name: 'LOG_LEVEL', default: 'info', about: 'fatal, error, warn, info, debug, trace or silent. Logs are JSON lines with personal data masked.' },
  { name: 'DIRECT_LINE_SECRET', default: '(random in development)', about: 'Direct Line secret. Required in production. Never sent to browsers: the web page gets tokens.' },
  { name: 'DIRECT_LINE_TOKEN_TTL_SECONDS', default: '1800', about: 'Lifetime of a Direct Line token.' },
  { name: 'MicrosoftAppId', default: '(unset: Emulator mode)', about: 'Azure Bot app id. When set, /api/messages requires a valid channel JWT.' },
  { name: 'MicrosoftAppPassword', default: '(unset)', about: 'Client secret of the Azure Bot app (MultiTenant or SingleTenant).' },
  { name: 'MicrosoftAppType', default: 'MultiTenant', about: 'MultiTenant, SingleTenant or UserAssignedMSI.' },
  { name: 'MicrosoftAppTenantId', default: '(unset)', about: 'Tenant id; required for SingleTenant and UserAssignedMSI.' },
  { name: 'REDIS_URL', default: '(unset: in memory)', about: 'redis://host:port/db. When set, every state that must survive a restart lives in Redis.' },
  { name: 'BACKEND_URL', default: '(unset: embedded simulator)', about: 'Base URL of the Assurance Maladie backend (or of a standalone simulator).' },
  { name: 'BACKEND_TIMEOUT_MS', default: '3000', about: 'Deadline of one backend call, retries included.' },
  { name: 'SIMULATOR', default: 'on unless production or BACKEND_URL', about: 'on or off: mount the simulated backend under /sim.' },
  { name: 'SIM_ACCESS_CODE_MAX_ATTEMPTS', default: '5', about: 'Wrong Mon espace santé access codes before the step locks.' },
  { name: 'SIM_ACCESS_CODE_LOCK_MINUTES', default: '15', about: 'How long the access-code step stays locked.' },
  { name: 'SIM_PORT', default: '3979', about: 'Port of the standalone simulated backend (npm run backend); point the assistant at it with BACKEND_URL=http://localhost:3979/sim.' },
  { name: 'SIM_PUBLIC_URL', default: 'http://localhost:$SIM_PORT', about: 'Address of the standalone simulated backend, used in the links of its e-mails.' },
  { name: 'AGENT_API_KEY', default: '(random in development, printed at start)', about: 'Key of the agent console and /api/agent. Without it in production, the agent API answers 401.' },
  { name: 'CONVERSATION_IDLE_MINUTES', default: '30', about: 'A conversation idle this long starts over.' },
  { name: 'SHUTDOWN_GRACE_MS', default: '10000', about: 'On SIGTERM, how long turns in flight may take before the process exits.' },
  { name: 'TRUST_PROXY', default: 'loopback', about: "Which proxies' X-Forwarded-For to believe for the client address (express 'trust proxy': loopback, a hop count such as 1, or addresses/subnets). Set it behind a load balancer, or every client shares its address in the limits below." },
  { name: 'WEBCHAT_TOKENS_PER_MINUTE', default: '20', about: 'New web chat conversations (POST /api/webchat/token) per client address and minute; then 429 with Retry-After. 0: no limit.' },
  { name: 'WEBCHAT_ALLOWED_ORIGINS', default: "(unset: the assistant's own origin only)", about: 'Comma-separated origins (https://www.example.fr) of the sites that may embed the web chat with /embed.js: the token endpoint and Direct Line answer their CORS requests; any other Origin gets 403.' },
  { name: 'ADVISOR_HOURS', default: 'mon-fri 08:30-17:30', about: 'When advisors answer live in the chat (our choice; the sources give no hours): "mon-fri 08:30-17:30; sat 09:00-12:00", "always" or "never". Outside these hours, or with no advisor online in the console, a request for an advisor is a callback.' },
  { name: 'ADVISOR_TIMEZONE', default: 'Europe/Paris', about: 'Time zone of ADVISOR_HOURS (IANA name).' },
  { name: 'AGENT_KEY_MAX_FAILURES', default: '20', about: 'Requests with a wrong agent key per client address in 15 minutes (a login tries two) before /api/agent answers 429 to wrong keys from that address until the 15 minutes end; the right key always passes. 0: no limit.' },
  { name: 'BOTFRAMEWORK_EMULATOR', default: 'on unless production', about: 'on or off: with MicrosoftAppId unset, /api/messages accepts unauthenticated requests (Bot Framework Emulator). off: 403. In production it is off unless set to on, and replies then go to a loopback serviceUrl only.' },
  { name: 'OPS_API_KEY', default: '(unset)', about: 'In production, /metrics and /api/nlu/parse need `Authorization: Bearer $OPS_API_KEY` (or the agent key); 401 otherwise. Public in development.' },
  { name: 'REDIS_COMMAND_TIMEOUT_MS', default: '1000', about: 'Deadline of one Redis command. Commands fail at once while Redis is unreachable (no offline queue), so that a turn still ends with an answer.' },
  { name: 'DIRECT_LINE_MESSAGES_PER_MINUTE', default: '30', about: 'Activities one Direct Line conversation may post a minute; then 429 with Retry-After. 0: no limit.' },
  { name: 'DIRECT_LINE_MAX_ACTIVITIES', default: '500', about: 'Activities one Direct Line conversation may hold (messages and replies); then it asks the person to start a new one.' },
  { name: 'REDIS_CLUSTER_NODES', default: '(unset)', about: 'Comma-separated redis://host:port seeds of a Redis Cluster: the state lives in that cluster instead (wins over REDIS_URL). One conversation\'s keys share a slot (hash tags).' },
  { name: 'CONVERSATION_LOCK_MS', default: '5000', about: 'With Redis, the lease an instance takes on a conversation while it handles a turn, renewed while the turn runs: an instance that dies holding one blocks that conversation this long at most.' },
  { name: 'DIRECT_LINE_REPLAY_WINDOW', default: '100', about: 'Activities of a Direct Line conversation a client can read back (the most recent); a watermark from before them reads from the oldest kept.' },
  { name: 'SIM_RESEED', default: 'on unless production', about: 'on or off: the simulated backend seeds its personas again when it finds its store emptied (FLUSHALL, a new Redis).' },
];

export const envSchema: JSONSchemaType<RawEnv> = {
  type: 'object',
  additionalProperties: true,
  required: [
    'NODE_ENV',
    'PORT',
    'HOST',
    'LOG_LEVEL',
    'DIRECT_LINE_TOKEN_TTL_SECONDS',
    'MicrosoftAppType',
    'BACKEND_TIMEOUT_MS',
    'SIM_ACCESS_CODE_MAX_ATTEMPTS',
    'SIM_ACCESS_CODE_LOCK_MINUTES',
    'SIM_PORT',
    'CONVERSATION_IDLE_MINUTES',
    'SHUTDOWN_GRACE_MS',
    'TRUST_PROXY',
    'WEBCHAT_TOKENS_PER_MINUTE',
    'AGENT_KEY_MAX_FAILURES',
    'ADVISOR_HOURS',
    'ADVISOR_TIMEZONE',
    'REDIS_COMMAND_TIMEOUT_MS',
    'DIRECT_LINE_MESSAGES_PER_MINUTE',
    'DIRECT_LINE_MAX_ACTIVITIES',
    'CONVERSATION_LOCK_MS',
    'DIRECT_LINE_REPLAY_WINDOW',
  ],
  properties: {
    NODE_ENV: { type: 'string', enum: ['development', 'production', 'test'], default: 'development' },
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3978 },
    HOST: { type: 'string', minLength: 1, default: '0.0.0.0' },
    PUBLIC_URL: { type: 'string', nullable: true, format: 'uri', pattern: '^https?://' },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    DIRECT_LINE_SECRET: { type: 'string', nullable: true, minLength: 32 },
    DIRECT_LINE_TOKEN_TTL_SECONDS: { type: 'integer', minimum: 60, maximum: 86_400, default: 1800 },
    MicrosoftAppId: { type: 'string', nullable: true, minLength: 1 },
    MicrosoftAppPassword: { type: 'string', nullable: true, minLength: 1 },
    MicrosoftAppType: { type: 'string', enum: ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], default: 'MultiTenant' },
    MicrosoftAppTenantId: { type: 'string', nullable: true, minLength: 1 },
    REDIS_URL: { type: 'string', nullable: true, pattern: '^rediss?://' },
    BACKEND_URL: { type: 'string', nullable: true, format: 'uri', pattern: '^https?://' },
    BACKEND_TIMEOUT_MS: { type: 'integer', minimum: 100, maximum: 60_000, default: 3000 },
    SIMULATOR: { type: 'string', nullable: true, enum: ['on', 'off'] },
    SIM_ACCESS_CODE_MAX_ATTEMPTS: { type: 'integer', minimum: 1, maximum: 100, default: 5 },
    SIM_ACCESS_CODE_LOCK_MINUTES: { type: 'integer', minimum: 1, maximum: 1440, default: 15 },
    SIM_PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3979 },
    SIM_PUBLIC_URL: { type: 'string', nullable: true, format: 'uri', pattern: '^https?://' },
    AGENT_API_KEY: { type: 'string', nullable: true, minLength: 16 },
    CONVERSATION_IDLE_MINUTES: { type: 'integer', minimum: 1, maximum: 1440, default: 30 },
    SHUTDOWN_GRACE_MS: { type: 'integer', minimum: 0, maximum: 120_000, default: 10_000 },
    TRUST_PROXY: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9.:/, _-]+$', default: 'loopback' },
    WEBCHAT_TOKENS_PER_MINUTE: { type: 'integer', minimum: 0, maximum: 100_000, default: 20 },
    AGENT_KEY_MAX_FAILURES: { type: 'integer', minimum: 0, maximum: 100_000, default: 20 },
    WEBCHAT_ALLOWED_ORIGINS: { type: 'string', nullable: true, maxLength: 4000 },
    ADVISOR_HOURS: { type: 'string', minLength: 1, maxLength: 400, default: 'mon-fri 08:30-17:30' },
    ADVISOR_TIMEZONE: { type: 'string', minLength: 1, maxLength: 64, default: 'Europe/Paris' },
    BOTFRAMEWORK_EMULATOR: { type: 'string', nullable: true, enum: ['on', 'off'] },
    OPS_API_KEY: { type: 'string', nullable: true, minLength: 16 },
    REDIS_COMMAND_TIMEOUT_MS: { type: 'integer', minimum: 50, maximum: 30_000, default: 1000 },
    DIRECT_LINE_MESSAGES_PER_MINUTE: { type: 'integer', minimum: 0, maximum: 100_000, default: 30 },
    DIRECT_LINE_MAX_ACTIVITIES: { type: 'integer', minimum: 20, maximum: 100_000, default: 500 },
    REDIS_CLUSTER_NODES: { type: 'string', nullable: true, maxLength: 2000, pattern: '^\\s*rediss?://([^\\s,@/]+@)?[\\w.\\-\\[\\]]+:\\d{1,5}(\\s*,\\s*rediss?://([^\\s,@/]+@)?[\\w.\\-\\[\\]]+:\\d{1,5})*\\s*$' },
    CONVERSATION_LOCK_MS: { type: 'integer', minimum: 500, maximum: 120_000, default: 5000 },
    DIRECT_LINE_REPLAY_WINDOW: { type: 'integer', minimum: 20, maximum: 100_000, default: 100 },
    SIM_RESEED: { type: 'string', nullable: true, enum: ['on', 'off'] },
  },
};
