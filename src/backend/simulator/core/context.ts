import type { IdSource } from '../../../shared/ids.js';
import type { Logger } from '../../../shared/logger.js';
import type { KeyValueStore } from '../../../state/kv.js';
import type { BackendError, BackendResult, CallOptions, OperationErrorCode, OperationName, OperationOutput } from '../../api-schemas/index.js';
import type { SimClock } from '../store/clock-sync.js';
import type { AuditLog } from '../store/audit.js';
import type { Lockout } from '../store/lockout.js';
import type { Outbox } from '../store/outbox.js';
import type { PersonRepo } from '../store/persons.js';
import type { CodeSource } from '../store/secrets.js';
import { RETENTION_MS } from '../rules.js';
import { stripAccents } from '../../../shared/fold.js';

/** What the simulator's operations share. */
export interface CoreContext {
  /** The simulator's own view of the store (keys prefixed). */
  kv: KeyValueStore;
  clock: SimClock;
  ids: IdSource;
  codes: CodeSource;
  logger: Logger;
  persons: PersonRepo;
  outbox: Outbox;
  audit: AuditLog;
  lockout: Lockout;
  /** Base of the links put in e-mails, ending with /sim (e.g. http://localhost:3978/sim). */
  publicUrl: () => string;
  accessCodeMaxAttempts: number;
}

export type Failure<E extends string> = { ok: false; error: BackendError<E> };

/** What the simulated behaviour of an operation answers: its value, or one of its own refusals. */
export type Outcome<K extends OperationName> = BackendResult<OperationOutput<K>, OperationErrorCode<K>>;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<E extends string>(code: E, message: string, extra: Omit<BackendError<E>, 'code' | 'message'> = {}): Failure<E> {
  return { ok: false, error: { code, message, ...extra } };
}

/** Records a state change in the audit list. */
export function record(
  ctx: CoreContext,
  actor: string,
  action: string,
  opts: CallOptions | undefined,
  extra: { subject?: string; details?: Record<string, string | number | boolean> } = {},
): Promise<void> {
  return ctx.audit.record({
    at: ctx.clock.now().toISOString(),
    actor,
    action,
    ...(extra.subject ? { subject: extra.subject } : {}),
    ...(opts?.requestId ? { requestId: opts.requestId } : {}),
    ...(extra.details ? { details: extra.details } : {}),
  });
}

export const personActor = (id: string) => `person:${id}`;

/** TTL for a record that expires at `expiresAt` (simulated time): kept a while longer, see RETENTION_MS. */
export function ttlUntil(ctx: CoreContext, expiresAt: Date): number {
  return Math.max(1, expiresAt.getTime() - ctx.clock.now().getTime()) + RETENTION_MS;
}

export function isPast(ctx: CoreContext, iso: string): boolean {
  return new Date(iso).getTime() <= ctx.clock.now().getTime();
}

/** Names compared the way a person types them: case, accents, spaces and hyphens ignored. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) =>
    stripAccents(s)
      .toLowerCase()
      .replace(/[^a-z]/g, '');
  return norm(a) === norm(b);
}
