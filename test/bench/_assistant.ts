/**
 * The assistant the engine benchmark drives, built as in production but in-process.
 */
import { createSimulator } from '../../src/backend/simulator/index.js';
import { createDialogEngine, type Engine } from '../../src/engine/index.js';
import { createFakeClock, createOffsetClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { createMemoryStorage } from '../../src/state/storage.js';
import {
  CONTRACT_INTENTS,
  createFakeKnowledge,
  createFakeNlu,
  createMemoryFeedback,
  createMemoryHandoffs,
  fakeValidators,
} from '../support/engine-fakes.js';

export async function createBenchAssistant(): Promise<{ engine: Engine; description: string; close(): Promise<void> }> {
  const clock = createFakeClock();
  // The simulator in-process: the same backend the HTTP API serves, without the loopback hop.
  const simulator = await createSimulator({ clock: createOffsetClock(clock) });
  const engine = createDialogEngine({
    nlu: createFakeNlu(),
    validators: fakeValidators,
    knowledge: createFakeKnowledge(),
    feedback: createMemoryFeedback(),
    backend: simulator.backend,
    handoffs: createMemoryHandoffs(),
    storage: createMemoryStorage({ clock }),
    clock,
    logger: createSilentLogger(),
    intents: CONTRACT_INTENTS,
  });
  return { engine, description: 'engine + memory state + simulator in-process; keyword NLU and knowledge fakes', close: () => Promise.resolve() };
}
