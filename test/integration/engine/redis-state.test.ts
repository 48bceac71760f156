/**
 * Conversation state in Redis: a procedure survives a restart of the engine (a new instance reads
 * where the person was), and two instances answering the same conversation at once stay coherent.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { TurnOutput } from '../../../src/shared/conversation.js';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { connectRedis, type RedisLink } from '../../../src/state/redis.js';
import { createRedisStorage } from '../../../src/state/redis-storage.js';
import { createScriptedBackend } from '../../support/engine-fakes.js';
import { redisForTests, uniquePrefix } from '../../support/services.js';
import { createTestAssistant } from '../../support/test-assistant.js';

const redisUrl = await redisForTests();
const clients: RedisLink[] = [];
afterAll(async () => {
  for (const c of clients) await c.close();
});
const text = (out: TurnOutput) => out.replies.map((r) => r.text).join('\n');

describe.skipIf(!redisUrl)('dialog state in Redis', () => {
  async function instance(prefix: string) {
    const client = await connectRedis(redisUrl!, createSilentLogger());
    clients.push(client);
    const clock = createFakeClock();
    const engine = createTestAssistant({ backend: createScriptedBackend(), clock, storage: createRedisStorage(client, { prefix }) }).engine;
    return (t: string) => engine.handleTurn({ userId: 'u', conversationId: 'c', channel: 'test', text: t });
  }

  it('continues a procedure on another instance', async () => {
    const prefix = uniquePrefix('engine-state');
    const first = await instance(prefix);
    await first("j'ai oublié mon mot de passe");
    const second = await instance(prefix);
    expect(text(await second('1 85 05 78 006 084 91'))).toMatch(/date de naissance/);
  });

  it('keeps one coherent conversation when two instances answer at the same time', async () => {
    const prefix = uniquePrefix('engine-race');
    const a = await instance(prefix);
    const b = await instance(prefix);
    await a("j'ai oublié mon mot de passe");
    const [fromA, fromB] = await Promise.all([a('aide'), b('aide')]);
    expect(text(fromA)).toMatch(/Quel est votre numéro de sécurité sociale/);
    expect(text(fromB)).toMatch(/Quel est votre numéro de sécurité sociale/);
    expect(text(await b('1 85 05 78 006 084 91'))).toMatch(/date de naissance/);
    expect(text(await a('12/03/1985'))).toMatch(/un e-mail vient de partir/);
  });
});
