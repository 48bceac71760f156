export type { ChannelName, Card, Engine, Language, Reply, SuggestedAction, TurnInput, TurnOutput } from '../shared/conversation.js';
export { createDialogEngine, type DialogEngine, type DialogEngineOptions } from './dialog-engine.js';
export { loadAssistantMessage, loadDialogs, DialogLoadError, type DialogCatalog, type LoadOptions } from './loader.js';
export type { AssistantCopy, Procedure, Step, Text } from './definitions.js';
export { BACKEND_OPERATIONS } from './backend-operations.js';
export { LOCAL_VALIDATORS, SECRET_ENTITIES } from './local-validators.js';
export { successors } from './dialog-checks/graph.js';
