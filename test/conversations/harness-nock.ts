/**
 * The backend mocked with nock: the HTTP client talks to a host that does not exist, and each
 * `backend>` line of a turn becomes the HTTP answer of that operation's route (the simulator's
 * API: same paths, same statuses, same bodies, checked by the client's response schemas).
 * Personas come from the simulator's seed, so both runs of a transcript use the same people.
 */
import nock from 'nock';
import { API_ROOT, ERROR_STATUS, operation, type OperationName } from '../../src/backend/api-schemas/index.js';
import { createHttpBackendClient } from '../../src/backend/client/index.js';
import { createSimulator } from '../../src/backend/simulator/index.js';
import { createFakeClock } from '../../src/shared/clock.js';
import type { BackendHarness } from './runner.js';
import type { Turn } from './transcript.js';
import { createMemoryKeyValueStore } from '../../src/state/memory-kv.js';

const ORIGIN = 'http://backend.nock.test';
const BASE = `${ORIGIN}/sim`;
export const HARNESS_START = '2026-01-15T09:00:00.000Z';

/** "/mes/enrolments/:enrolmentId/activation" → a RegExp matching any enrolment id. */
function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z]+)/g, '[^/]+');
  return new RegExp(`^/sim${API_ROOT.replace(/\//g, '\\/')}${escaped}$`);
}

export async function createNockHarness(): Promise<BackendHarness> {
  const seed = await createSimulator({ kv: createMemoryKeyValueStore() });
  const personas = await seed.personas();
  // What the last mocked message looked like: a provisional code (12 characters) or an access code.
  let lastCode = '123456';
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  return {
    mode: 'nock',
    client: createHttpBackendClient({ baseUrl: BASE, retries: 0, timeoutMs: 2000 }),
    clock: createFakeClock(HARNESS_START),
    persona: (id) => {
      const p = personas.find((x) => x.id === id);
      if (!p) throw new Error(`unknown persona "${id}" (personas: ${personas.map((x) => x.id).join(', ')})`);
      return Promise.resolve(p as unknown as Record<string, unknown>);
    },
    outbox: (persona) =>
      Promise.resolve([{ to: String(persona.email), channel: 'email', body: '(mocked)', code: lastCode, link: `${BASE}/reset/mocked`, sentAt: HARNESS_START }]),
    prepareTurn(expected) {
      for (const e of expected) {
        const spec = operation(e.operation as OperationName);
        const scope = nock(ORIGIN);
        const interceptor = spec.method === 'GET' ? scope.get(pathPattern(spec.path)) : scope.post(pathPattern(spec.path));
        if (e.outcome === 'ok') interceptor.reply(200, e.body ?? {});
        else interceptor.reply(ERROR_STATUS[e.outcome] ?? 500, { error: { code: e.outcome, message: `mocked ${e.outcome}`, ...(e.body ?? {}) } });
        if (e.operation === 'mesNewProvisionalCode') lastCode = 'NEWC0DE12345';
        if (e.operation === 'mesSendAccessCode') lastCode = '123456';
      }
    },
    checkTurn(turn: Turn, file: string) {
      const pending = nock.pendingMocks();
      if (pending.length > 0) {
        nock.cleanAll();
        throw new Error(`${file}:${turn.user?.line ?? 1} (nock): mocked answers not used: ${pending.join(', ')}`);
      }
    },
    close: () => {
      nock.cleanAll();
      nock.enableNetConnect();
      return Promise.resolve();
    },
  };
}
