/**
 * The conversation lock shared by instances on one Redis: each "instance" here is its own set of
 * locks (its own queue and owner id) on the shared server, as two processes would be. Lease expiry
 * follows a fake clock: a killed holder is a lease nobody renews, and time is moved past it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { ConversationBusyError, type ConversationLocks } from '../../../src/state/conversation-lock.js';
import { conversationTag } from '../../../src/state/keys.js';
import { connectRedis, type RedisLink } from '../../../src/state/redis.js';
import { createRedisLocks } from '../../../src/state/redis-locks.js';
import { createRedisKeyValueStore } from '../../../src/state/redis-kv.js';
import { dropPrefixes } from '../../support/redis-cleanup.js';
import { redisForTests, uniquePrefix } from '../../support/services.js';

const redisUrl = await redisForTests();
const links: RedisLink[] = [];
const prefixes: string[] = [];
afterAll(async () => {
  for (const link of links) await link.close();
  if (redisUrl) await dropPrefixes(redisUrl, prefixes);
});

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe.skipIf(!redisUrl)('conversation locks shared by instances on Redis', () => {
  const LEASE_MS = 5000;
  async function setup() {
    const link = await connectRedis(redisUrl!, createSilentLogger());
    links.push(link);
    const prefix = uniquePrefix('locks');
    prefixes.push(prefix);
    const clock = createFakeClock();
    let polls = 0;
    // Each poll for a held conversation yields to the event loop instead of sleeping.
    const sleep = () => new Promise<void>((resolve) => setImmediate(() => resolve(void polls++)));
    // Every command an instance sends (not its scripts): what a turn read from Redis on its own.
    const commands: string[][] = [];
    const counted: RedisLink = { ...link, command: (key, args, opts) => (commands.push(args.map(String)), link.command(key, args, opts)) };
    const instance = (waitMs = 60_000): { locks: ConversationLocks; kv: ReturnType<typeof createRedisKeyValueStore> } => {
      const locks = createRedisLocks({ link: counted, prefix, clock, leaseMs: LEASE_MS, waitMs, sleep });
      return { locks, kv: createRedisKeyValueStore(counted, { prefix, locks }) };
    };
    const outside = createRedisKeyValueStore(link, { prefix });
    const pollsSoFar = () => polls;
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 10_000 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
    };
    const reads = () => commands.filter((c) => c[0] === 'GET').length;
    type Instance = ReturnType<typeof instance>;
    /**
     * A holder pauses past its lease in the middle of its turn (after `first`, then its write),
     * another instance takes the conversation and writes: the paused holder's turn is refused.
     */
    const overrulePausedHolder = async (paused: Instance, other: Instance, key: string, first: () => Promise<void> = () => Promise.resolve()) => {
      const gate = deferred();
      let staged = false;
      const late = paused.locks.run(tag, async () => {
        await first();
        await paused.kv.set(key, 'from the paused holder');
        staged = true;
        await gate.promise;
      });
      await until(() => staged);
      clock.advance(LEASE_MS + 1);
      await other.locks.run(tag, () => other.kv.set(key, 'from the instance that took over'));
      gate.resolve();
      await expect(late).rejects.toBeInstanceOf(ConversationBusyError);
    };
    return { instance, outside, clock, link, prefix, pollsSoFar, until, reads, overrulePausedHolder };
  }
  const tag = conversationTag('directline', 'conv-1');
  const docKey = `dl:${tag}`;

  it('lets two instances take turns on one conversation, one at a time, in the order they got it', async () => {
    const { instance, until, pollsSoFar } = await setup();
    const [a, b] = [instance(), instance()];
    const log: string[] = [];
    const gate = deferred();
    const onA = a.locks.run(tag, async () => {
      log.push('a start');
      await gate.promise;
      log.push('a end');
    });
    await until(() => log.length === 1);
    const onB = b.locks.run(tag, () => Promise.resolve(void log.push('b')));
    await until(() => pollsSoFar() >= 3);
    expect(log).toEqual(['a start']);
    gate.resolve();
    await Promise.all([onA, onB]);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it("commits a turn's writes together when it ends, and writes nothing of a failed turn", async () => {
    const { instance, outside } = await setup();
    const { locks, kv } = instance();
    await locks.run(tag, async () => {
      await kv.set(docKey, { turn: 1 }, { ttlMs: 60_000 });
      expect(await kv.get(docKey)).toEqual({ turn: 1 });
      expect(await outside.get(docKey)).toBeUndefined();
    });
    expect(await outside.get(docKey)).toEqual({ turn: 1 });
    expect(await outside.ttl(docKey)).toBeGreaterThan(50_000);
    await expect(
      locks.run(tag, async () => {
        await kv.set(docKey, { turn: 2 });
        throw new Error('engine crashed');
      }),
    ).rejects.toThrow('engine crashed');
    expect(await outside.get(docKey)).toEqual({ turn: 1 });
  });

  it('blocks a conversation whose holder was killed only until its lease expires', async () => {
    const { instance, clock, until, pollsSoFar } = await setup();
    const killed = instance();
    const survivor = instance();
    const holding = deferred();
    // The killed process took the conversation and will never finish nor renew (its timer would
    // renew on real time, every LEASE_MS / 3: far beyond this test).
    void killed.locks.run(tag, () => {
      holding.resolve();
      return new Promise<never>(() => undefined);
    });
    await holding.promise;
    let ran = false;
    const retried = survivor.locks.run(tag, () => Promise.resolve(void (ran = true)));
    await until(() => pollsSoFar() >= 5);
    clock.advance(LEASE_MS - 1);
    const before = pollsSoFar();
    await until(() => pollsSoFar() >= before + 3);
    expect(ran).toBe(false);
    clock.advance(1);
    await retried;
    expect(ran).toBe(true);
  });

  it('writes nothing for a holder paused past its lease once another instance took the conversation (fencing)', async () => {
    const { instance, outside, overrulePausedHolder } = await setup();
    const paused = instance();
    const other = instance();
    await overrulePausedHolder(paused, other, docKey);
    expect(await outside.get(docKey)).toBe('from the instance that took over');
  });

  it('lets a paused holder that wrote nothing end quietly', async () => {
    const { instance, clock, until } = await setup();
    const paused = instance();
    const other = instance();
    const gate = deferred();
    let reading = false;
    const late = paused.locks.run(tag, async () => {
      reading = true;
      await gate.promise;
      return 'read only';
    });
    await until(() => reading);
    clock.advance(LEASE_MS + 1);
    await other.locks.run(tag, () => Promise.resolve());
    gate.resolve();
    expect(await late).toBe('read only');
  });

  it('counts up its fencing token each time the conversation is taken, and keeps it between turns', async () => {
    const { instance, link, prefix } = await setup();
    const { locks } = instance();
    for (let i = 0; i < 3; i++) await locks.run(tag, () => Promise.resolve());
    const value = await link.command<string>(`${prefix}lock:${tag}`, ['GET', `${prefix}lock:${tag}`]);
    expect(value).toBe('3||0');
  });

  it('reads the keys its turns read with the lock from then on, as the last holder committed them', async () => {
    const { instance, outside, reads } = await setup();
    const a = instance();
    const b = instance();
    const otherTag = conversationTag('directline', 'conv-2');
    await a.locks.run(tag, async () => {
      expect(await a.kv.get(docKey)).toBeUndefined();
      await a.kv.set(docKey, { turn: 1 });
    });
    expect(reads()).toBe(1);
    // The next turns on `a` read the document with the lock: no GET of their own.
    await a.locks.run(tag, async () => {
      expect(await a.kv.get(docKey)).toEqual({ turn: 1 });
      await a.kv.set(docKey, { turn: 2 });
    });
    // Another instance commits meanwhile; `a` reads what it wrote.
    await b.locks.run(tag, async () => {
      expect(await b.kv.get(docKey)).toEqual({ turn: 2 });
      await b.kv.set(docKey, { turn: 3 });
    });
    expect(reads()).toBe(2);
    await a.locks.run(tag, async () => expect(await a.kv.get(docKey)).toEqual({ turn: 3 }));
    // The same shape on another conversation, absent there: read ahead as absent.
    await a.locks.run(otherTag, async () => expect(await a.kv.get(`dl:${otherTag}`)).toBeUndefined());
    expect(reads()).toBe(2);
    expect(await outside.get(docKey)).toEqual({ turn: 3 });
  });

  it('still fences a paused holder whose keys were read ahead, and its next turn reads what the other instance wrote', async () => {
    const { instance, outside, reads, overrulePausedHolder } = await setup();
    const paused = instance();
    const other = instance();
    await paused.locks.run(tag, async () => void (await paused.kv.get(docKey)));
    await overrulePausedHolder(paused, other, docKey, async () => expect(await paused.kv.get(docKey)).toBeUndefined());
    expect(await outside.get(docKey)).toBe('from the instance that took over');
    const before = reads();
    await paused.locks.run(tag, async () => expect(await paused.kv.get(docKey)).toBe('from the instance that took over'));
    expect(reads()).toBe(before);
  });

  it('gives up waiting for a busy conversation after its deadline with a 503 the client retries', async () => {
    const { instance, until } = await setup();
    const holder = instance();
    const impatient = instance(20);
    const gate = deferred();
    let holding = false;
    const held = holder.locks.run(tag, async () => {
      holding = true;
      await gate.promise;
    });
    await until(() => holding);
    const refused = await impatient.locks.run(tag, () => Promise.resolve('ran')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConversationBusyError);
    expect(refused).toMatchObject({ status: 503, details: { retryAfterSeconds: 1 } });
    gate.resolve();
    await held;
  });
});
