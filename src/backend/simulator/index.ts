export { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
export { startStandaloneSimulator, type StandaloneOptions, type StandaloneSimulator } from './standalone.js';
export { defaultPersons } from './personas/seed.js';
export { personaView, type PersonaView } from './personas/view.js';
export type { PersonRecord, OutboxMessage, AuditEntry } from './store/records.js';
export { cryptoCodes, type CodeSource } from './store/secrets.js';
export * as simulatorRules from './rules.js';
