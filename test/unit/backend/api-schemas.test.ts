import { describe, expect, it } from 'vitest';
import { compileOperationValidators, ERROR_STATUS, fillPath, OPERATIONS } from '../../../src/backend/api-schemas/index.js';
import { createHttpBackendClient } from '../../../src/backend/client/index.js';

describe('backend API schemas', () => {
  it('describe one operation per BackendClient method, with a unique method and path', () => {
    const client = createHttpBackendClient({ baseUrl: 'http://backend.invalid' });
    expect(OPERATIONS.map((o) => o.name).sort()).toEqual(Object.keys(client).sort());
    const routes = OPERATIONS.map((o) => `${o.method} ${o.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('compile with ajv in strict mode, for requests, responses and errors', () => {
    const validators = compileOperationValidators();
    expect(validators.size).toBe(OPERATIONS.length);
    for (const op of OPERATIONS) {
      const v = validators.get(op.name)!;
      expect(typeof v.response).toBe('function');
      expect(op.method === 'GET' || typeof v.request === 'function', `${op.name} has a request schema`).toBe(true);
      expect(Boolean(v.params), `${op.name} validates its path parameters`).toBe(op.path.includes(':'));
    }
  });

  it('give every error code an HTTP status', () => {
    for (const op of OPERATIONS) for (const code of op.errors) expect(ERROR_STATUS[code], `${op.name}: ${code}`).toBeGreaterThanOrEqual(400);
  });

  it('mark every POST as state-changing (it carries an Idempotency-Key) and every GET as safe', () => {
    for (const op of OPERATIONS) expect(op.stateChanging).toBe(op.method === 'POST');
  });

  it('reject a request with an unknown field, and accept a response with an extra one', () => {
    const v = compileOperationValidators().get('requestPasswordReset')!;
    expect(v.request!({ nir: '1790375056234', birthDate: '1979-03-22' })).toBe(true);
    expect(v.request!({ nir: '1790375056234', birthDate: '1979-03-22', extra: 1 })).toBe(false);
    expect(v.request!({ nir: '1 79 03 75 056 234', birthDate: '1979-03-22' })).toBe(false);
    expect(v.request!({ nir: '1790375056234', birthDate: '22/03/1979' })).toBe(false);
    expect(v.response({ emailMasked: 'j***@e***.fr', linkValidMinutes: 30, later: true })).toBe(true);
    expect(v.response({ emailMasked: 'j***@e***.fr' })).toBe(false);
  });

  it('accept Corsican NIRs (2A, 2B) and NIAs, and refuse other first digits', () => {
    const v = compileOperationValidators().get('mesIdentify')!;
    const req = (nir: string) => ({ provisionalCode: 'K7M2P9X4R8TQ', nir, birthDate: '1988-07-14', cardType: 'photo', vitaleSerial: '80250000101' });
    expect(v.request!(req('288072A00412385'))).toBe(true);
    expect(v.request!(req('288072B00412385'))).toBe(true);
    expect(v.request!(req('795129935212345'))).toBe(true);
    expect(v.request!(req('588072100412385'))).toBe(false);
    expect(v.request!(req('2880721004123'))).toBe(false);
  });

  it('fill path parameters URL-encoded', () => {
    expect(fillPath('/a/:x/b/:y', { x: '1', y: 'a/b' })).toBe('/a/1/b/a%2Fb');
    expect(() => fillPath('/a/:x', {})).toThrow(/missing path parameter x/);
  });
});
