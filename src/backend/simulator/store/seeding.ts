/**
 * The register of people is seeded once per store: with Redis, a restart (or a second instance)
 * keeps the changes made. A store found empty (FLUSHALL, a new Redis, an eviction) is seeded again
 * when `reseed` is on (development), checked at each request: the personas the README lists are
 * always there to try. Seeding holds a lock, so that two instances finding the store empty at the
 * same moment seed it once, and the mark is written last: nobody sees a half-seeded register.
 */
import type { Logger } from '../../../shared/logger.js';
import type { KeyValueStore } from '../../../state/kv.js';
import { withLock } from './mutex.js';
import type { PersonRepo } from './persons.js';
import type { PersonRecord } from './records.js';

const SEED_MARK = 'seeded';

export interface Seeder {
  /** Seeds the register when the store has no seed mark (the first start, or an emptied store). */
  ensure(): Promise<void>;
}

export interface SeederOptions {
  kv: KeyValueStore;
  persons: PersonRepo;
  /** The people to seed, dated from now (codes valid or expired relative to the first start). */
  make: (now: Date) => PersonRecord[];
  now: () => Date;
  logger: Logger;
  owner: () => string;
}

export function createSeeder(options: SeederOptions): Seeder {
  const { kv, persons, logger } = options;
  let seededOnce = false;
  return {
    async ensure() {
      if (await kv.get(SEED_MARK)) {
        seededOnce = true;
        return;
      }
      await withLock(kv, SEED_MARK, options.owner(), async () => {
        if (await kv.get(SEED_MARK)) return;
        const now = options.now();
        for (const person of options.make(now)) await persons.insert(person);
        await kv.set(SEED_MARK, now.toISOString());
        if (seededOnce) logger.warn({ event: 'sim.reseeded' }, 'simulated backend found its store emptied: personas seeded again');
        else logger.info({ event: 'sim.seeded' }, 'simulated backend seeded');
        seededOnce = true;
      });
    },
  };
}
