/**
 * A simulated backend on port 0 for tests, on a fake clock (time moves only when a test says so,
 * through POST /sim/clock like any client), with an HTTP client pointed at it.
 */
import { createHttpBackendClient } from '../../src/backend/client/index.js';
import type { BackendClient } from '../../src/backend/client/types.js';
import { cryptoCodes, startStandaloneSimulator, type CodeSource, type PersonaView, type SimulatorOptions, type StandaloneSimulator } from '../../src/backend/simulator/index.js';
import type { OutboxMessage } from '../../src/backend/simulator/index.js';
import { createFakeClock, createOffsetClock, type FakeClock } from '../../src/shared/clock.js';
import { createMemoryKeyValueStore } from '../../src/state/memory-kv.js';

export const SIM_START = '2026-01-15T09:00:00.000Z';

export interface TestSimulator extends StandaloneSimulator {
  base: string;
  fake: FakeClock;
  client: BackendClient;
  personas(): Promise<PersonaView[]>;
  persona(id: string): Promise<PersonaView>;
  outbox(to?: string): Promise<OutboxMessage[]>;
  lastMessage(to: string): Promise<OutboxMessage>;
  advanceMinutes(minutes: number): Promise<void>;
  get(path: string): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

/**
 * One-time codes the test knows in advance: each digit code asked for is the next of `digits`
 * (an error when none is left, or when its length is not the one asked); alphanumeric codes stay
 * random.
 */
export function scriptedCodes(digits: readonly string[]): CodeSource & { left(): number } {
  const queue = [...digits];
  return {
    digits: (length) => {
      const next = queue.shift();
      if (next === undefined) throw new Error('scripted codes: no digit code left');
      if (next.length !== length) throw new Error(`scripted codes: "${next}" is not ${length} digits long`);
      return next;
    },
    alphanumeric: (length) => cryptoCodes.alphanumeric(length),
    left: () => queue.length,
  };
}

export async function startTestSimulator(options: Partial<Omit<SimulatorOptions, 'clock' | 'publicUrl'>> = {}): Promise<TestSimulator> {
  const fake = createFakeClock(SIM_START);
  const sim = await startStandaloneSimulator({ port: 0, host: '127.0.0.1', clock: createOffsetClock(fake), ...options, kv: options.kv ?? createMemoryKeyValueStore() });
  const base = `http://127.0.0.1:${sim.port}/sim`;
  const get = (path: string) => fetch(base + path);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = async <T>(response: Promise<Response>): Promise<T> => {
    const r = await response;
    if (!r.ok) throw new Error(`${r.url} answered ${r.status}`);
    return (await r.json()) as T;
  };
  const outbox = (to?: string) => json<OutboxMessage[]>(get(`/outbox${to ? `?to=${encodeURIComponent(to)}` : ''}`));
  return {
    ...sim,
    base,
    fake,
    client: createHttpBackendClient({ baseUrl: base, retries: 0, timeoutMs: 5000 }),
    personas: () => json<PersonaView[]>(get('/personas')),
    persona: (id) => json<PersonaView>(get(`/personas/${id}`)),
    outbox,
    lastMessage: async (to) => {
      const messages = await outbox(to);
      const last = messages.at(-1);
      if (!last) throw new Error(`no message to ${to}`);
      return last;
    },
    advanceMinutes: async (minutes) => {
      await json(post('/clock', { advanceMinutes: minutes }));
    },
    get,
    post,
  };
}

/** "15/01/1990" → "1990-01-15" (personas show French dates, the API takes ISO dates). */
export function isoDate(french: string): string {
  const [d, m, y] = french.split('/');
  return `${y}-${m}-${d}`;
}

/** A code of the same length that is surely not `code`. */
export function wrongCode(code: string): string {
  return code.replace(/^./, (c) => (c === '9' ? '0' : String(Number(c) + 1)));
}

export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
