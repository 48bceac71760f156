export * from './clock.js';
export * from './errors.js';
export * from './ids.js';
export * from './logger.js';
export * from './paths.js';
export * from './redact.js';
export * from './conversation.js';
