/**
 * The shared Redis (127.0.0.1:6379) is never flushed: a test that wrote there under its own
 * prefixes deletes its keys (found with SCAN) when it ends.
 */
import { createSilentLogger } from '../../src/shared/logger.js';
import { connectRedis } from '../../src/state/redis.js';

export async function dropPrefixes(url: string, prefixes: readonly string[]): Promise<void> {
  if (prefixes.length === 0) return;
  const link = await connectRedis(url, createSilentLogger());
  try {
    for (const prefix of prefixes) {
      for await (const batch of link.scan(`${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`)) {
        for (const key of batch) await link.command(key, ['DEL', key]);
      }
    }
  } finally {
    await link.close();
  }
}
