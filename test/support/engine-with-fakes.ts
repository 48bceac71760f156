/**
 * The dialog engine on the real dialogs with fake collaborators (fake-collaborators.ts: a keyword
 * NLU, the facts the dialogs name, memory handoffs and feedback), memory state, and a logger
 * writing to memory at debug level (so tests can check that nothing secret is logged, even at the
 * most verbose level).
 */
import type { BackendClient } from '../../src/backend/client/types.js';
import { createDialogEngine, loadDialogs, LOCAL_VALIDATORS, type DialogCatalog, type DialogEngine } from '../../src/engine/index.js';
import type { AdvisorPresence } from '../../src/handoff/types.js';
import type { FakeClock } from '../../src/shared/clock.js';
import { createLogger, createMemoryLogDestination } from '../../src/shared/logger.js';
import type { Storage } from '../../src/state/storage-contract.js';
import { createMemoryStorage } from '../../src/state/storage.js';
import {
  CONTRACT_INTENTS,
  createFakeKnowledge,
  createFakeNlu,
  createMemoryFeedback,
  createMemoryHandoffs,
  fakeValidators,
} from './fake-collaborators.js';

let catalog: DialogCatalog | undefined;

/** The dialogs, loaded and checked once per test file (loading compiles the schemas). */
export function catalogForFakes(): DialogCatalog {
  catalog ??= loadDialogs({
    validators: [...Object.keys(fakeValidators), ...Object.keys(LOCAL_VALIDATORS)],
    intents: CONTRACT_INTENTS,
    hasFact: (ref) => createFakeKnowledge().fact(ref) !== undefined,
  });
  return catalog;
}

export interface EngineWithFakes {
  engine: DialogEngine;
  handoffs: ReturnType<typeof createMemoryHandoffs>;
  feedback: ReturnType<typeof createMemoryFeedback>;
  logText(): string;
}

export function createEngineWithFakes(deps: { backend: BackendClient; clock: FakeClock; idleMinutes?: number; storage?: Storage; presence?: AdvisorPresence }): EngineWithFakes {
  const logs = createMemoryLogDestination();
  const handoffs = createMemoryHandoffs();
  const feedback = createMemoryFeedback();
  const engine = createDialogEngine({
    nlu: createFakeNlu(),
    validators: fakeValidators,
    knowledge: createFakeKnowledge(),
    feedback,
    backend: deps.backend,
    handoffs,
    storage: deps.storage ?? createMemoryStorage({ clock: deps.clock }),
    catalog: catalogForFakes(),
    clock: deps.clock,
    logger: createLogger({ level: 'debug', destination: logs }),
    intents: CONTRACT_INTENTS,
    ...(deps.idleMinutes ? { idleMinutes: deps.idleMinutes } : {}),
    ...(deps.presence ? { presence: deps.presence } : {}),
  });
  return { engine, handoffs, feedback, logText: () => logs.text() };
}
