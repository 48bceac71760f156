export * from './nir.js';
export * from './password-policy.js';
