/**
 * Precise questions on the sources' topics, each asked as the first message of a new conversation
 * (test/fixtures/knowledge/questions.jsonl: written from the source documents by someone who had
 * not read the knowledge base, with the facts a right answer must state). Every question must get
 * its facts, in the replies' text, cards or buttons; a question the assistant cannot answer yet
 * carries `gap` (why), and the test fails if such a question starts passing, so the list stays true.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/shared/conversation.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { fromRoot } from '../../src/shared/paths.js';
import { createEngineWithRealParts, type EngineWithRealParts } from '../support/engine-with-real-parts.js';
import { createSimulatorHarness } from './harness-simulator.js';
import type { BackendHarness } from './runner.js';

interface Question {
  q: string;
  /** Each must be in the replies: plain text (accents and case ignored), or "re:" and a regular expression. */
  must: string[];
  source: string;
  gap?: string;
}

const questions = readFileSync(fromRoot('test/fixtures/knowledge/questions.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Question);

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/[’‘]/g, "'")
    .toLowerCase();
/** "09 74 75 36 46" and "0974753646" are the same number. */
const joinDigits = (s: string) => s.replace(/(\d)[\s.-]+(?=\d)/g, '$1');

function flatten(replies: Reply[]): string {
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

function states(must: string, replies: string): boolean {
  const text = fold(replies);
  const joined = joinDigits(text);
  if (must.startsWith('re:')) {
    const re = new RegExp(fold(must.slice(3)), 'i');
    return re.test(text) || re.test(joined);
  }
  const m = fold(must);
  return text.includes(m) || joined.includes(joinDigits(m));
}

describe('precise questions on the sources get their facts', () => {
  let harness: BackendHarness;
  let assistant: EngineWithRealParts;
  beforeAll(async () => {
    harness = await createSimulatorHarness();
    assistant = createEngineWithRealParts({ backend: harness.client, clock: createFakeClock() });
  });
  afterAll(() => harness?.close());

  questions.forEach((question, i) => {
    it(`${question.gap ? '[gap] ' : ''}${question.q}`, async () => {
      const base = { userId: `u${i}`, conversationId: `kq${i}`, channel: 'test' };
      await assistant.engine.welcome(base);
      const { replies } = await assistant.engine.handleTurn({ ...base, text: question.q });
      const text = flatten(replies);
      const missing = question.must.filter((m) => !states(m, text));
      if (question.gap) {
        expect(missing, `now answered: remove its "gap" (${question.gap})`).not.toEqual([]);
      } else {
        expect(missing, `${question.source}; the assistant said:\n${text.slice(0, 600)}`).toEqual([]);
      }
    });
  });

  it('keeps the known gaps few', () => {
    const gaps = questions.filter((q) => q.gap).length;
    expect(gaps / questions.length).toBeLessThanOrEqual(0.1);
  });
});
