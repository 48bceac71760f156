export type * from './types.js';
export { createHttpBackendClient, type HttpBackendClientOptions } from './http-client.js';
