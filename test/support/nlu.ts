/**
 * The trained NLU for tests, loaded once per test file: from .cache/nlu when `npm run build` (or an
 * earlier test) trained it, otherwise trained here (a few seconds) and cached.
 */
import { createFakeClock, type FakeClock } from '../../src/shared/clock.js';
import { loadNlu, type LoadedNlu } from '../../src/nlu/index.js';

let loaded: LoadedNlu | undefined;
export const nluClock: FakeClock = createFakeClock('2026-01-15T09:00:00.000Z');

export function testNlu(): LoadedNlu {
  loaded ??= loadNlu({ clock: nluClock });
  return loaded;
}
