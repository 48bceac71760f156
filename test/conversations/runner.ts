/**
 * Plays a transcript through the same turn interface the channels use (Engine.welcome and
 * Engine.handleTurn) and checks every expectation of every turn, then the rules that hold for all
 * conversations: no password or code typed by the person ever appears in a reply, a log line or a
 * handoff transcript, and the NIR never appears unmasked.
 */
import { expect } from 'vitest';
import type { BackendClient, CallOptions, OperationInput, OperationName } from '../../src/backend/client/types.js';
import type { Engine, Reply, TurnOutput } from '../../src/shared/conversation.js';
import type { HandoffRequest } from '../../src/handoff/types.js';
import type { FakeClock } from '../../src/shared/clock.js';
import { readPath } from '../../src/engine/template.js';
import { normalizeForMatch, type BackendExpectation, type Transcript, type Turn } from './transcript.js';

export interface OutboxMessage {
  to: string;
  channel: 'email' | 'sms';
  body: string;
  link?: string;
  code?: string;
  sentAt: string;
}

/** Where the backend of a run comes from: nock, the simulator in-process, or a scripted fake. */
export interface BackendHarness {
  readonly mode: string;
  readonly client: BackendClient;
  readonly clock: FakeClock;
  persona(id: string): Promise<Record<string, unknown>>;
  /** Messages sent to the persona (newest last); fixed values where the backend is mocked. */
  outbox(persona: Record<string, unknown>): Promise<OutboxMessage[]>;
  /** Before a turn: what its backend calls answer (mocks) — the simulator ignores it. */
  prepareTurn(expected: BackendExpectation[], persona: Record<string, unknown> | undefined): void;
  /** After a turn: every mocked answer was used. */
  checkTurn(turn: Turn, file: string): void;
  close(): Promise<void>;
}

export interface AssistantUnderTest {
  engine: Engine;
  handoffs(): Promise<HandoffRequest[]>;
  logText(): string;
}

export type AssistantFactory = (deps: { backend: BackendClient; clock: FakeClock }) => Promise<AssistantUnderTest>;

interface RecordedCall {
  operation: string;
  outcome: string;
}

/** Wraps a client to record each call's operation and outcome. */
function recording(client: BackendClient, calls: RecordedCall[]): BackendClient {
  return {
    async call<K extends OperationName>(operation: K, input: OperationInput<K>, options?: CallOptions) {
      const result = await client.call(operation, input, options);
      calls.push({ operation, outcome: result.ok ? 'ok' : result.error.code });
      return result;
    },
  };
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

async function resolve(text: string, harness: BackendHarness, persona: Record<string, unknown> | undefined, where: string): Promise<string> {
  let out = text;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const path = match[1] ?? '';
    let value: unknown;
    if (path.startsWith('persona.')) {
      if (!persona) throw new Error(`${where}: ${match[0]} needs a "persona:" setting`);
      value = readPath(persona, path.slice('persona.'.length));
    } else if (path.startsWith('outbox.')) {
      if (!persona) throw new Error(`${where}: ${match[0]} needs a "persona:" setting`);
      const messages = await harness.outbox(persona);
      const key = path.slice('outbox.'.length) as 'code' | 'link';
      value = [...messages].reverse().find((m) => m[key] !== undefined)?.[key];
    }
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${where}: ${match[0]} has no text value`);
    out = out.replace(match[0], String(value));
  }
  return out;
}

function describe(replies: Reply[]): string {
  return replies.map((r) => `  bot> ${r.text}${r.suggestedActions ? `  [${r.suggestedActions.map((a) => a.title).join(' | ')}]` : ''}`).join('\n');
}

export async function runTranscript(t: Transcript, harness: BackendHarness, factory: AssistantFactory): Promise<void> {
  const calls: RecordedCall[] = [];
  const assistant = await factory({ backend: recording(harness.client, calls), clock: harness.clock });
  const persona = t.setup.persona ? await harness.persona(t.setup.persona) : undefined;
  const base = {
    userId: `user-${t.file}`,
    conversationId: `conv-${t.file}`,
    channel: t.setup.channel ?? 'test',
    ...(t.setup.locale ? { locale: t.setup.locale } : {}),
  };
  const secrets: string[] = [];
  const allReplies: Reply[] = [];
  let handoffCount = 0;

  for (const turn of t.turns) {
    if (turn.clockMinutes > 0) harness.clock.advanceMinutes(turn.clockMinutes);
    harness.prepareTurn(turn.backend, persona);
    calls.length = 0;
    let output: TurnOutput;
    let said = '(welcome)';
    if (turn.user) {
      said = await resolve(turn.user.text, harness, persona, `${t.file}:${turn.user.line}`);
      if (turn.user.secret) secrets.push(said);
      output = await assistant.engine.handleTurn({ ...base, text: said });
    } else {
      output = await assistant.engine.welcome(base);
    }
    allReplies.push(...output.replies);
    const where = `${t.file}:${turn.user?.line ?? 1} (${harness.mode}) after "${turn.user?.secret ? '[secret]' : said}"\n${describe(output.replies)}\n`;
    checkReplies(turn, output.replies, where);
    expect(
      calls.map((c) => `${c.operation} ${c.outcome}`),
      `${where}backend calls of the turn (declare each with "backend> operation outcome")`,
    ).toEqual(turn.backend.map((b) => `${b.operation} ${b.outcome}`));
    harness.checkTurn(turn, t.file);
    const handoffs = await assistant.handoffs();
    if (turn.handoff) {
      expect(output.handoff, `${where}a handoff was expected (line ${turn.handoff.line})`).toBe(true);
      expect(handoffs.length, `${where}a new handoff request`).toBe(handoffCount + 1);
      expect(handoffs[handoffs.length - 1]?.reason, `${where}handoff reason`).toBe(turn.handoff.reason);
    } else {
      expect(output.handoff ?? false, `${where}no handoff expected`).toBe(false);
    }
    handoffCount = handoffs.length;
  }

  // What holds for every conversation.
  const repliesText = allReplies.map((r) => `${r.text} ${(r.suggestedActions ?? []).map((a) => `${a.title} ${a.value}`).join(' ')}`).join('\n');
  const handoffText = JSON.stringify(await assistant.handoffs());
  const logs = assistant.logText();
  for (const secret of secrets) {
    expect(repliesText.includes(secret), `${t.file}: a secret shows in a reply`).toBe(false);
    expect(logs.includes(secret), `${t.file}: a secret shows in the logs`).toBe(false);
    expect(handoffText.includes(secret), `${t.file}: a secret shows in a handoff transcript`).toBe(false);
  }
  const nir = typeof persona?.nir === 'string' ? persona.nir : undefined;
  if (nir) {
    const digits = (s: string) => s.replace(/[\s.-]/g, '');
    expect(digits(repliesText).includes(nir.slice(0, 13)), `${t.file}: the NIR shows unmasked in a reply`).toBe(false);
    expect(digits(logs).includes(nir.slice(0, 13)), `${t.file}: the NIR shows unmasked in the logs`).toBe(false);
    expect(digits(handoffText).includes(nir.slice(0, 13)), `${t.file}: the NIR shows unmasked in a handoff transcript`).toBe(false);
  }
}

function checkReplies(turn: Turn, replies: Reply[], where: string): void {
  const text = normalizeForMatch(replies.map((r) => r.text).join('\n'));
  let from = 0;
  for (const e of turn.expect) {
    const at = text.indexOf(normalizeForMatch(e.fragment), from);
    expect(at, `${where}line ${e.line}: expected "${e.fragment}"${from > 0 ? ' (after the previous fragment)' : ''}`).toBeGreaterThanOrEqual(0);
    from = at + 1;
  }
  for (const r of turn.refuse) {
    expect(text.includes(normalizeForMatch(r.fragment)), `${where}line ${r.line}: did not expect "${r.fragment}"`).toBe(false);
  }
  const titles = replies.flatMap((r) => r.suggestedActions ?? []).map((a) => normalizeForMatch(a.title));
  for (const a of turn.actions) {
    for (const title of a.titles) {
      expect(titles, `${where}line ${a.line}: expected the suggested action "${title}"`).toContain(normalizeForMatch(title));
    }
  }
  for (const a of turn.noActions) {
    for (const title of a.titles) {
      expect(titles.some((t) => t.includes(normalizeForMatch(title))), `${where}line ${a.line}: did not expect a suggested action "${title}"`).toBe(false);
    }
  }
}
