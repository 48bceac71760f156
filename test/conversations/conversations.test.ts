/**
 * Every transcript in test/conversations/ (*.txt), played through Engine.welcome/handleTurn.
 * A transcript runs with the backend mocked by nock and against the simulator in-process, or only
 * against those its "backend:" setting names (a refusal the simulator's personas cannot produce).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { createEngineWithRealParts } from '../support/engine-with-real-parts.js';
import { createNockHarness } from './harness-nock.js';
import { createSimulatorHarness } from './harness-simulator.js';
import { runTranscript, type BackendHarness } from './runner.js';
import { parseTranscript } from './transcript.js';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((f) => f.endsWith('.txt')).sort();

const HARNESSES: Record<string, () => Promise<BackendHarness>> = {
  nock: createNockHarness,
  sim: createSimulatorHarness,
};

describe('conversation transcripts', () => {
  for (const file of files) {
    const transcript = parseTranscript(readFileSync(join(here, file), 'utf8'), file);
    // A conversation that calls no backend runs once; the others run against each backend.
    const callsBackend = transcript.turns.some((t) => t.backend.length > 0);
    const modes = transcript.setup.backend ? transcript.setup.backend.split(/[\s,]+/) : callsBackend ? Object.keys(HARNESSES) : ['sim'];
    for (const mode of modes) {
      const make = HARNESSES[mode];
      if (!make) throw new Error(`${file}: unknown backend "${mode}" (known: ${Object.keys(HARNESSES).join(', ')})`);
      it(`${transcript.title} [${mode}] (${file})`, async () => {
        const harness = await make();
        try {
          await runTranscript(transcript, harness, ({ backend, clock }) => {
            const a = createEngineWithRealParts({ backend, clock });
            return Promise.resolve({ engine: a.engine, handoffs: () => a.handoffs.list(), logText: a.logText });
          });
        } finally {
          await harness.close();
        }
      });
    }
  }
});
