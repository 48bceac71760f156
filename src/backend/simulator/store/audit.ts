import type { KeyValueStore } from '../../../state/kv.js';
import { LOG_TTL_MS } from '../rules.js';
import type { AuditEntry } from './records.js';

/** Every state change of the simulator: who, what, when. Never a password, code or token. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(): Promise<AuditEntry[]>;
}

export function createAuditLog(kv: KeyValueStore): AuditLog {
  return {
    record: async (entry) => {
      await kv.append('audit', entry, { ttlMs: LOG_TTL_MS });
    },
    list: () => kv.range<AuditEntry>('audit'),
  };
}
