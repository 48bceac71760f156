/**
 * The dialog engine as production builds it, minus HTTP: the real NLU (trained model, cached), the
 * real knowledge base, feedback store and handoff queue on a memory KeyValueStore, the dialog
 * engine on memory Storage, and whatever backend the test gives. The logger writes to memory at
 * debug level so that tests can check nothing secret is ever logged, even at the most verbose level.
 */
import type { BackendClient } from '../../src/backend/client/types.js';
import { createDialogEngine, loadDialogs, type DialogCatalog, type DialogEngine } from '../../src/engine/index.js';
import { createHandoffQueue } from '../../src/handoff/index.js';
import { createFeedbackStore } from '../../src/feedback/index.js';
import { createKnowledgeBase, type KnowledgeBaseService } from '../../src/knowledge/index.js';
import { loadNlu, type AssistantNlu } from '../../src/nlu/index.js';
import type { FakeClock } from '../../src/shared/clock.js';
import { createSequentialIds } from '../../src/shared/ids.js';
import { createLogger, createMemoryLogDestination } from '../../src/shared/logger.js';
import type { AdvisorPresence, HandoffQueue } from '../../src/handoff/types.js';
import type { FeedbackStore } from '../../src/feedback/types.js';
import { createMemoryKeyValueStore } from '../../src/state/memory-kv.js';
import type { Storage } from '../../src/state/storage-contract.js';
import { createMemoryStorage } from '../../src/state/storage.js';

let shared: { nlu: AssistantNlu; knowledge: KnowledgeBaseService; catalog: DialogCatalog } | undefined;

/** The NLU, the knowledge base and the dialogs, loaded (and checked) once per test file. */
export function realParts(): { nlu: AssistantNlu; knowledge: KnowledgeBaseService; catalog: DialogCatalog } {
  if (!shared) {
    const { nlu } = loadNlu();
    const knowledge = createKnowledgeBase({ terms: (text, language) => nlu.terms(text, language) });
    const catalog = loadDialogs({
      validators: [...Object.keys(nlu.validators), 'last_name', 'access_code', 'mes_identifier', 'mes_password', 'ameli_password', 'password', 'free_text'],
      intents: nlu.intents,
      hasFact: (ref) => knowledge.fact(ref) !== undefined,
    });
    shared = { nlu, knowledge, catalog };
  }
  return shared;
}

export interface EngineWithRealParts {
  engine: DialogEngine;
  handoffs: HandoffQueue;
  feedback: FeedbackStore;
  logText(): string;
}

export function createEngineWithRealParts(deps: { backend: BackendClient; clock: FakeClock; storage?: Storage; idleMinutes?: number; presence?: AdvisorPresence }): EngineWithRealParts {
  const { nlu, knowledge, catalog } = realParts();
  const logs = createMemoryLogDestination();
  const kv = createMemoryKeyValueStore({ clock: deps.clock });
  const handoffs = createHandoffQueue({ kv, clock: deps.clock, ids: createSequentialIds('handoff') });
  const feedback = createFeedbackStore({ kv, isKnownEntry: (id) => knowledge.entry(id) !== undefined });
  const engine = createDialogEngine({
    nlu,
    validators: nlu.validators,
    knowledge,
    feedback,
    backend: deps.backend,
    handoffs,
    storage: deps.storage ?? createMemoryStorage({ clock: deps.clock }),
    clock: deps.clock,
    logger: createLogger({ level: 'debug', destination: logs }),
    catalog,
    ...(deps.idleMinutes ? { idleMinutes: deps.idleMinutes } : {}),
    ...(deps.presence ? { presence: deps.presence } : {}),
  });
  return { engine, handoffs, feedback, logText: () => logs.text() };
}
