/**
 * Measures understanding on data written apart (test/fixtures/heldout/): precise questions asked as
 * the first message of a new conversation (the right fact, no wrong figure), messy multi-turn
 * conversations played against the real assistant and the simulator (what the assistant asks,
 * says and does after each turn), and the kind of single messages (question, request, complaint…).
 * Used by `npm run eval:understanding` and by the regression test beside it.
 */
import { readFileSync } from 'node:fs';
import type { Reply } from '../../src/shared/conversation.js';
import { currentStep } from '../../src/engine/procedures/current.js';
import type { ConversationState } from '../../src/engine/state.js';
import { readPath } from '../../src/engine/template.js';
import { createMemoryStorage } from '../../src/state/storage.js';
import { createSimulatorHarness } from '../conversations/harness-simulator.js';
import type { BackendHarness } from '../conversations/runner.js';
import { createEngineWithRealParts, realParts } from '../support/engine-with-real-parts.js';

export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/[’‘]/g, "'")
    .toLowerCase();
const joinDigits = (s: string) => s.replace(/(\d)[\s.-]+(?=\d)/g, '$1');

/** A fact as the held-out data writes it: plain text (accents and case ignored) or "re:" and a regular expression. */
export function states(fact: string, said: string): boolean {
  const text = fold(said);
  const joined = joinDigits(text);
  if (fact.startsWith('re:')) {
    const re = new RegExp(fold(fact.slice(3)), 'i');
    return re.test(text) || re.test(joined);
  }
  const f = fold(fact);
  return text.includes(f) || joined.includes(joinDigits(f));
}

export function flatten(replies: Reply[]): string {
  return replies
    .flatMap((r) => [
      r.text,
      ...(r.suggestedActions ?? []).map((a) => a.title),
      r.card?.title ?? '',
      r.card?.text ?? '',
      ...(r.card?.facts ?? []).flatMap((f) => [f.title, f.value]),
      ...(r.card?.steps ?? []),
      ...(r.card?.actions ?? []).map((a) => a.title),
    ])
    .join('\n');
}

function jsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

// ---- questions -------------------------------------------------------------------------------

interface Question {
  q: string;
  must: string[];
  mustNot?: string[];
  source: string;
  style?: string;
}

export interface Miss {
  id: string;
  style?: string;
  why: string;
  said?: string;
}

export interface Score {
  total: number;
  passed: number;
  rate: number;
  byStyle: Record<string, { total: number; passed: number }>;
  misses: Miss[];
}

function score(results: Array<{ id: string; style?: string; why?: string; said?: string }>): Score {
  const byStyle: Score['byStyle'] = {};
  const misses: Miss[] = [];
  for (const r of results) {
    const style = r.style ?? 'all';
    const s = (byStyle[style] ??= { total: 0, passed: 0 });
    s.total += 1;
    if (r.why === undefined) s.passed += 1;
    else misses.push({ id: r.id, ...(r.style ? { style: r.style } : {}), why: r.why, ...(r.said ? { said: r.said } : {}) });
  }
  const passed = results.length - misses.length;
  return { total: results.length, passed, rate: results.length ? passed / results.length : 0, byStyle, misses };
}

export interface QuestionScore extends Score {
  /** Answers that stated a figure the sources do not state, or one the question's data calls wrong. */
  wrongFigures: number;
}

export async function evaluateQuestions(file: string): Promise<QuestionScore> {
  const questions = jsonLines<Question>(file);
  const harness = await createSimulatorHarness();
  const { knowledge } = realParts();
  try {
    const assistant = createEngineWithRealParts({ backend: harness.client, clock: harness.clock });
    let wrongFigures = 0;
    const results: Array<{ id: string; style?: string; why?: string; said?: string }> = [];
    for (const [i, question] of questions.entries()) {
      const base = { userId: `hq${i}`, conversationId: `hq${i}`, channel: 'eval' };
      await assistant.engine.welcome(base);
      const { replies } = await assistant.engine.handleTurn({ ...base, text: question.q });
      const said = flatten(replies);
      const missing = question.must.filter((m) => !states(m, said));
      const wrong = [...(question.mustNot ?? []).filter((m) => states(m, said)), ...replies.flatMap((r) => knowledge.checkCopy(r.text).map((p) => p.figure))];
      if (wrong.length > 0) wrongFigures += 1;
      const why = wrong.length > 0 ? `wrong figure: ${wrong.join(', ')}` : missing.length > 0 ? `missing: ${missing.join(', ')}` : undefined;
      results.push({ id: question.q, ...(question.style ? { style: question.style } : {}), ...(why ? { why, said: said.slice(0, 400) } : {}) });
    }
    return { ...score(results), wrongFigures };
  } finally {
    await harness.close();
  }
}

// ---- conversations ---------------------------------------------------------------------------

type Asked =
  | 'nir'
  | 'birth_date'
  | 'last_name'
  | 'postal_code'
  | 'email'
  | 'has_provisional_code'
  | 'provisional_code'
  | 'card_type'
  | 'vitale_serial'
  | 'code_channel'
  | 'access_code'
  | 'mes_identifier'
  | 'mes_password'
  | 'close_password'
  | 'confirm'
  | 'child_decision'
  | 'callback_contact'
  | 'nothing';

interface Expect {
  asks?: Asked;
  mentions?: string[];
  mentionsAny?: string[];
  notMentions?: string[];
  effect?: string;
  language?: 'fr' | 'en';
}

interface HeldOutConversation {
  id: string;
  title: string;
  persona: string | null;
  behaviour: string;
  turns: Array<{ user: string; expect?: Expect }>;
}

/** What the conversation waits for now, in the held-out data's words. */
function waitingFor(state: ConversationState | undefined): Asked {
  if (!state) return 'nothing';
  const pending = state.pending;
  if (pending?.kind === 'callback') return 'callback_contact';
  const { catalog } = realParts();
  const current = currentStep({ state, services: { catalog } as never });
  if (!current) return 'nothing';
  const { step, frame } = current;
  if (step.type === 'ask') {
    const byEntity: Record<string, Asked> = {
      nir: 'nir',
      birth_date: 'birth_date',
      last_name: 'last_name',
      postal_code: 'postal_code',
      email: 'email',
      provisional_code: 'provisional_code',
      vitale_serial: 'vitale_serial',
      access_code: 'access_code',
      mes_identifier: 'mes_identifier',
      mes_password: 'mes_password',
      password: 'close_password',
    };
    return byEntity[step.entity] ?? 'nothing';
  }
  if (frame.step === 'have_code') return 'has_provisional_code';
  if (frame.step.startsWith('dependant_')) return 'child_decision';
  if (step.expect === 'card_type') return 'card_type';
  if (step.expect === 'email_or_sms') return 'code_channel';
  if (step.expect === 'yes_no') return 'confirm';
  return 'nothing';
}

async function resolvePlaceholders(text: string, harness: BackendHarness, persona: Record<string, unknown> | undefined): Promise<string | undefined> {
  let out = text;
  for (const match of text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) {
    const path = match[1] ?? '';
    let value: unknown;
    if (path.startsWith('persona.') && persona) {
      const field = path.slice('persona.'.length);
      value = readPath(persona, field) ?? readPath(persona, `mes.${field}`);
    } else if (path.startsWith('outbox.') && persona) {
      const key = path.slice('outbox.'.length) as 'code' | 'link';
      value = [...(await harness.outbox(persona))].reverse().find((m) => m[key] !== undefined)?.[key];
    }
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    out = out.replace(match[0], String(value));
  }
  return out;
}

async function checkEffect(effect: string, harness: BackendHarness, personaId: string | null, before: { outbox: number; persona: string }): Promise<string | undefined> {
  if (!personaId) return effect === 'no_backend_effect' ? undefined : `effect ${effect} needs a persona`;
  const persona = await harness.persona(personaId);
  const outbox = await harness.outbox(persona);
  const mes = (persona.mes ?? {}) as { status?: string };
  const dependants = (persona.dependants ?? []) as Array<{ firstName: string; mes: { status: string } }>;
  const child = (name: string) => dependants.find((d) => fold(d.firstName) === fold(name))?.mes.status;
  switch (true) {
    case effect === 'reset_email_sent':
      return outbox.slice(before.outbox).some((m) => m.channel === 'email' && m.link) ? undefined : 'no reset e-mail was sent';
    case effect === 'no_backend_effect':
      return outbox.length === before.outbox && JSON.stringify(persona) === before.persona ? undefined : 'something was sent or changed';
    case effect === 'mes_active':
    case effect === 'mes_opposed':
    case effect === 'mes_closed':
      return mes.status === effect.slice(4) ? undefined : `Mon espace santé is ${mes.status ?? 'unknown'}`;
    case effect.startsWith('child_opposed:'):
      return child(effect.slice('child_opposed:'.length)) === 'opposed' ? undefined : `${effect}: ${child(effect.slice(14)) ?? 'no such child'}`;
    case effect.startsWith('child_active:'):
      return child(effect.slice('child_active:'.length)) === 'active' ? undefined : `${effect}: ${child(effect.slice(13)) ?? 'no such child'}`;
    default:
      return `unknown effect ${effect}`;
  }
}

export interface ConversationScore extends Score {
  turns: { total: number; passed: number };
}

export async function evaluateConversations(file: string): Promise<ConversationScore> {
  const conversations = JSON.parse(readFileSync(file, 'utf8')) as HeldOutConversation[];
  const results: Array<{ id: string; style?: string; why?: string; said?: string }> = [];
  let turnsTotal = 0;
  let turnsPassed = 0;
  for (const conversation of conversations) {
    const harness = await createSimulatorHarness();
    try {
      const storage = createMemoryStorage({ clock: harness.clock });
      const assistant = createEngineWithRealParts({ backend: harness.client, clock: harness.clock, storage });
      const base = { userId: `hc-${conversation.id}`, conversationId: `hc-${conversation.id}`, channel: 'eval' };
      const key = `engine/conversation/{eval/${base.conversationId}}`;
      await assistant.engine.welcome(base);
      let failure: { why: string; said: string } | undefined;
      for (const [n, turn] of conversation.turns.entries()) {
        const persona = conversation.persona ? await harness.persona(conversation.persona) : undefined;
        const before = persona ? { outbox: (await harness.outbox(persona)).length, persona: JSON.stringify(persona) } : { outbox: 0, persona: '' };
        const text = await resolvePlaceholders(turn.user, harness, persona);
        if (text === undefined) {
          // e.g. {{outbox.code}} when no code was ever sent: the conversation cannot go on.
          turnsTotal += conversation.turns.length - n;
          failure ??= { why: `turn ${n + 1}: ${turn.user} has no value (nothing was sent)`, said: '' };
          break;
        }
        const output = await assistant.engine.handleTurn({ ...base, text });
        const said = flatten(output.replies);
        const state = (await storage.read([key]))[key] as unknown as ConversationState | undefined;
        const e = turn.expect ?? {};
        const problems: string[] = [];
        if (e.asks && waitingFor(state) !== e.asks) problems.push(`asks ${waitingFor(state)}, expected ${e.asks}`);
        for (const m of e.mentions ?? []) if (!states(m, said)) problems.push(`missing ${m}`);
        if (e.mentionsAny && !e.mentionsAny.some((m) => states(m, said))) problems.push(`none of ${e.mentionsAny.join(' | ')}`);
        for (const m of e.notMentions ?? []) if (states(m, said)) problems.push(`said ${m}`);
        if (e.language && output.replies.some((r) => r.language && r.language !== e.language)) problems.push(`answered in ${output.replies.find((r) => r.language !== e.language)?.language}`);
        if (e.effect) {
          const wrong = await checkEffect(e.effect, harness, conversation.persona, before);
          if (wrong) problems.push(wrong);
        }
        turnsTotal += 1;
        if (problems.length === 0) turnsPassed += 1;
        else failure ??= { why: `turn ${n + 1}: ${problems.join('; ')}`, said: `${turn.user.slice(0, 120)} → ${said.slice(0, 300)}` };
      }
      results.push({ id: `${conversation.id} ${conversation.title}`, style: conversation.behaviour, ...(failure ? { why: failure.why, said: failure.said } : {}) });
    } finally {
      await harness.close();
    }
  }
  return { ...score(results), turns: { total: turnsTotal, passed: turnsPassed } };
}

// ---- message kinds ---------------------------------------------------------------------------

interface KindLine {
  text: string;
  kind: string;
  intent: string;
}

/**
 * The kind the assistant acts on: a thanks, a goodbye or a greeting by its intent; a complaint by
 * the act's flag; otherwise question or request — a bare topic ("statement") is acted on as a
 * request (its procedure starts, or its answer comes).
 */
export function kindOf(text: string): string {
  const { nlu } = realParts();
  const parsed = nlu.parse(text);
  const intent = parsed.intent.name;
  if (['thanks', 'goodbye', 'greeting'].includes(intent)) return intent;
  if (parsed.act?.complaint) return 'complaint';
  return parsed.act?.kind === 'question' ? 'question' : 'request';
}

export function evaluateKinds(file: string): Score {
  const lines = jsonLines<KindLine>(file);
  return score(lines.map((l) => {
    const got = kindOf(l.text);
    return { id: l.text, style: l.kind, ...(got === l.kind ? {} : { why: `read as ${got}` }) };
  }));
}
