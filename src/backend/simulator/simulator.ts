import type { Express } from 'express';
import { createOffsetClock, type OffsetClock } from '../../shared/clock.js';
import { cryptoIds, type IdSource } from '../../shared/ids.js';
import { createSilentLogger, type Logger } from '../../shared/logger.js';
import type { KeyValueStore } from '../../state/kv.js';
import type { BackendClient } from '../api-schemas/index.js';
import { createSimulatedBackend } from './core/backend.js';
import type { CoreContext } from './core/context.js';
import { createSimulatorApp } from './http/app.js';
import { defaultPersons } from './personas/seed.js';
import { listPersonas, type PersonaView } from './personas/view.js';
import { DEFAULT_ACCESS_CODE_LOCK_MINUTES, DEFAULT_ACCESS_CODE_MAX_ATTEMPTS } from './rules.js';
import { createAuditLog } from './store/audit.js';
import { createSimClock, type SimClock } from './store/clock-sync.js';
import { createIdempotency } from './store/idempotency.js';
import { createLockout } from './store/lockout.js';
import { createOutbox } from './store/outbox.js';
import { createPersonRepo } from './store/persons.js';
import { createSeeder } from './store/seeding.js';
import { createPrefixedKeyValueStore } from '../../state/prefixed-kv.js';
import type { OutboxMessage, PersonRecord } from './store/records.js';
import { cryptoCodes, type CodeSource } from './store/secrets.js';

export interface SimulatorOptions {
  /** Where all the simulator's state lives: the process's composition root picks it (memory or Redis). */
  kv: KeyValueStore;
  /** Prefix of every key of the simulator in `kv`. */
  keyPrefix?: string;
  /** Simulated time: real time plus what `POST /sim/clock` added. */
  clock?: OffsetClock;
  ids?: IdSource;
  codes?: CodeSource;
  logger?: Logger;
  /** Address where the simulator's routes are reachable, links in e-mails start with it (…/sim). */
  publicUrl?: string | (() => string);
  accessCodeMaxAttempts?: number;
  accessCodeLockMinutes?: number;
  /** The people of the simulated caisse (default: the seeded personas). */
  persons?: (now: Date) => PersonRecord[];
  /** Seed the personas again when the store is found emptied (development); default on. */
  reseed?: boolean;
}

export interface Simulator {
  /** The express app of the simulator, to mount at `/sim`. */
  app: Express;
  /** The same backend in process, without HTTP (the HTTP API is a layer over it). */
  backend: BackendClient;
  clock: SimClock;
  /** What `GET /sim/personas` shows, in process (for tests of the dialogs). */
  personas(): Promise<PersonaView[]>;
  /** What `GET /sim/outbox?to=` shows, in process. */
  outbox(to?: string): Promise<OutboxMessage[]>;
  /** Forgets every change: personas as seeded, empty outbox and audit. Time keeps its offset. */
  reset(): Promise<void>;
}

// Kept across a reset: the simulated time only moves forward.
const KEPT_ON_RESET = new Set(['clock:offset-ms']);

export async function createSimulator(options: SimulatorOptions): Promise<Simulator> {
  const logger = options.logger ?? createSilentLogger();
  const kv = createPrefixedKeyValueStore(options.kv, options.keyPrefix ?? 'sim:');
  const time = createSimClock(options.clock ?? createOffsetClock(), kv);
  const ids = options.ids ?? cryptoIds;
  const publicUrl = options.publicUrl ?? 'http://localhost:3979/sim';
  const persons = createPersonRepo(kv, ids);
  const seeder = createSeeder({ kv, persons, make: options.persons ?? defaultPersons, now: () => time.now(), logger, owner: () => ids.random() });
  const reseed = options.reseed ?? true;
  // Every request brings the shared state up to date: the time another instance moved, and the
  // register when the store was emptied.
  const clock: SimClock = {
    ...time,
    async sync() {
      await time.sync();
      if (reseed) await seeder.ensure();
    },
  };
  const ctx: CoreContext = {
    kv,
    clock,
    ids,
    codes: options.codes ?? cryptoCodes,
    logger,
    persons,
    outbox: createOutbox(kv),
    audit: createAuditLog(kv),
    lockout: createLockout(kv, {
      maxAttempts: options.accessCodeMaxAttempts ?? DEFAULT_ACCESS_CODE_MAX_ATTEMPTS,
      lockMinutes: options.accessCodeLockMinutes ?? DEFAULT_ACCESS_CODE_LOCK_MINUTES,
      now: () => clock.now(),
    }),
    publicUrl: typeof publicUrl === 'function' ? () => publicUrl().replace(/\/+$/, '') : () => publicUrl.replace(/\/+$/, ''),
    accessCodeMaxAttempts: options.accessCodeMaxAttempts ?? DEFAULT_ACCESS_CODE_MAX_ATTEMPTS,
  };

  // Seeded once per store: with Redis, a restart (or a second instance) keeps the changes made.
  const seed = async () => {
    await time.sync();
    await seeder.ensure();
  };
  await seed();

  const backend = createSimulatedBackend(ctx, createIdempotency(kv));
  const reset = async () => {
    for (const key of await kv.keys('')) if (!KEPT_ON_RESET.has(key)) await kv.delete(key);
    await seed();
    await ctx.audit.record({ at: clock.now().toISOString(), actor: 'operator', action: 'sim.reset' });
  };
  const app = createSimulatorApp({ ctx, backend, reset });
  return {
    app,
    backend: backend.client,
    clock,
    personas: async () => {
      await clock.sync();
      return listPersonas(ctx);
    },
    outbox: (to) => ctx.outbox.list(to),
    reset,
  };
}
