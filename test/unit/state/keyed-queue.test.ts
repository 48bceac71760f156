import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from '../../../src/state/keyed-queue.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('keyed queue', () => {
  it('runs the tasks of one key one at a time, in order, and other keys in parallel', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const gate = deferred();
    const a1 = queue.run('a', async () => {
      log.push('a1 start');
      await gate.promise;
      log.push('a1 end');
    });
    const a2 = queue.run('a', () => {
      log.push('a2');
      return Promise.resolve();
    });
    await queue.run('b', () => {
      log.push('b');
      return Promise.resolve();
    });
    expect(log).toEqual(['a1 start', 'b']);
    gate.resolve();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('goes on after a failed task and forgets idle keys', async () => {
    const queue = createKeyedQueue();
    await expect(queue.run('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run('k', () => Promise.resolve(2))).toBe(2);
    await new Promise((r) => setImmediate(r));
    expect(queue.size()).toBe(0);
  });
});
