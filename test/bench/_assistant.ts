/**
 * The assistant the engine benchmark drives, built as in production but in-process: the real NLU
 * (the trained model, from the cache), the real knowledge base and procedures, feedback and handoff
 * stores on a memory key-value store, memory Storage, and the simulator's backend without the
 * loopback hop.
 */
import { createSimulator } from '../../src/backend/simulator/index.js';
import { createDialogEngine, type Engine } from '../../src/engine/index.js';
import { createHandoffQueue } from '../../src/handoff/index.js';
import { createFeedbackStore } from '../../src/feedback/index.js';
import { createFakeClock, createOffsetClock } from '../../src/shared/clock.js';
import { createSequentialIds } from '../../src/shared/ids.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { createMemoryKeyValueStore } from '../../src/state/memory-kv.js';
import { createMemoryStorage } from '../../src/state/storage.js';
import { realParts } from '../support/engine-with-real-parts.js';

export async function createBenchAssistant(): Promise<{ engine: Engine; description: string; close(): Promise<void> }> {
  const clock = createFakeClock();
  const { nlu, knowledge, catalog } = realParts();
  const simulator = await createSimulator({ kv: createMemoryKeyValueStore(), clock: createOffsetClock(clock) });
  const kv = createMemoryKeyValueStore({ clock });
  const engine = createDialogEngine({
    nlu,
    validators: nlu.validators,
    intents: nlu.intents,
    knowledge,
    feedback: createFeedbackStore({ kv, isKnownEntry: (id) => knowledge.entry(id) !== undefined }),
    backend: simulator.backend,
    handoffs: createHandoffQueue({ kv, clock, ids: createSequentialIds('handoff') }),
    storage: createMemoryStorage({ clock }),
    clock,
    logger: createSilentLogger(),
    catalog,
  });
  return { engine, description: 'real NLU, knowledge base and procedures; memory state; simulator in-process', close: () => Promise.resolve() };
}
