import { describe, expect, it } from 'vitest';
import { createLocalLocks } from '../../../src/state/conversation-lock.js';
import { conversationTag, tagOf } from '../../../src/state/keys.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('conversation hash tags', () => {
  it('gives every key of a conversation the same tag, and escapes braces in ids', () => {
    const tag = conversationTag('directline', 'Q3p1');
    expect(tag).toBe('{directline/Q3p1}');
    expect(tagOf(`ameli:dl:${tag}`)).toBe(tag);
    expect(tagOf(`ameli:state:engine/conversation/${tag}`)).toBe(tag);
    const odd = conversationTag('botframework:msteams', 'a}b{c%');
    expect(odd).toBe('{botframework:msteams/a%7Db%7Bc%25}');
    expect(tagOf(`x:${odd}:y`)).toBe(odd);
    expect(tagOf('no-tag')).toBeUndefined();
    expect(tagOf('empty{}tag')).toBeUndefined();
  });
});

describe('conversation locks in one process', () => {
  it('runs the turns of one conversation one at a time, in order, and other conversations at once', async () => {
    const locks = createLocalLocks();
    const log: string[] = [];
    const gate = deferred();
    const first = locks.run('{c/1}', async () => {
      log.push('1a start');
      await gate.promise;
      log.push('1a end');
    });
    const second = locks.run('{c/1}', () => Promise.resolve(void log.push('1b')));
    await locks.run('{c/2}', () => Promise.resolve(void log.push('2')));
    expect(log).toEqual(['1a start', '2']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(['1a start', '2', '1a end', '1b']);
  });

  it('lets a turn that holds its conversation ask for it again (the channel, then the engine)', async () => {
    const locks = createLocalLocks();
    const inner = await locks.run('{c/1}', () => locks.run('{c/1}', () => Promise.resolve('inner ran')));
    expect(inner).toBe('inner ran');
  });

  it('runs what waits for the commit once the turn is over, and at once outside a turn', async () => {
    const locks = createLocalLocks();
    const log: string[] = [];
    await locks.run('{c/1}', () => {
      locks.afterCommit('{c/1}', () => log.push('notified'));
      log.push('turn');
      return Promise.resolve();
    });
    locks.afterCommit('{c/1}', () => log.push('outside'));
    expect(log).toEqual(['turn', 'notified', 'outside']);
  });

  it('goes on with the next turn after a failed one, and does not run its callbacks', async () => {
    const locks = createLocalLocks();
    const log: string[] = [];
    await expect(
      locks.run('{c/1}', () => {
        locks.afterCommit('{c/1}', () => log.push('never'));
        return Promise.reject(new Error('boom'));
      }),
    ).rejects.toThrow('boom');
    expect(await locks.run('{c/1}', () => Promise.resolve(2))).toBe(2);
    expect(log).toEqual([]);
  });

  it('has no lease to stage writes in: memory writes go straight through', async () => {
    const locks = createLocalLocks();
    await locks.run('{c/1}', () => {
      expect(locks.leaseFor('ameli:dl:{c/1}')).toBeUndefined();
      return Promise.resolve();
    });
  });
});
