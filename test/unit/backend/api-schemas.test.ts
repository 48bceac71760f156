import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ERROR_STATUS,
  fillPath,
  mapOperations,
  OPERATION_NAMES,
  OPERATIONS,
  REGISTRY,
  type BackendClient,
  type OperationErrorCode,
  type OperationInput,
  type OperationName,
  type OperationOutput,
  type OperationResult,
} from '../../../src/backend/api-schemas/index.js';
import { defineOperation } from '../../../src/backend/api-schemas/operation.js';
import { string } from '../../../src/backend/api-schemas/schema.js';
import { BACKEND_OPERATIONS } from '../../../src/engine/backend-operations.js';
import type { CallStep } from '../../../src/engine/definitions.js';
import { fromRoot } from '../../../src/shared/paths.js';

describe('backend contract registry', () => {
  it('lists each operation once, with a unique method and path', () => {
    expect(OPERATIONS.map((o) => o.name)).toEqual(OPERATION_NAMES);
    const routes = OPERATIONS.map((o) => `${o.method} ${o.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('compiles every schema with ajv in strict mode: path, body, input, answer and errors', () => {
    for (const name of OPERATION_NAMES) {
      const v = REGISTRY[name].validators();
      for (const f of [v.params, v.body, v.input, v.response, v.error]) expect(typeof f, name).toBe('function');
    }
  });

  it('declares every path parameter of a route, and nothing else, as a parameter', () => {
    for (const name of OPERATION_NAMES) {
      const op = REGISTRY[name];
      const inPath = (op.path.match(/:[A-Za-z]+/g) ?? []).map((p) => p.slice(1)).sort();
      expect(Object.keys(op.paramProperties).sort(), name).toEqual(inPath);
    }
  });

  it('refuses a definition whose path parameters and schemas disagree, or overlap the body', () => {
    const base = { method: 'POST', summary: 's', response: string(), errors: [], stateChanging: true } as const;
    expect(() => defineOperation({ ...base, path: '/a/:id', params: {}, body: {} })).toThrow(/must be declared in "params"/);
    expect(() => defineOperation({ ...base, path: '/a/:id', params: { id: string() }, body: { id: string() } })).toThrow(/both a path parameter and a body property/);
  });

  it('gives every error code an HTTP status', () => {
    for (const op of OPERATIONS) for (const code of op.errors) expect(ERROR_STATUS[code], `${op.name}: ${code}`).toBeGreaterThanOrEqual(400);
  });

  it('marks every POST as state-changing (it carries an Idempotency-Key) and every GET as safe', () => {
    for (const op of OPERATIONS) expect(op.stateChanging).toBe(op.method === 'POST');
  });

  it('rejects a request with an unknown field, and accepts a response with an extra one', () => {
    const v = REGISTRY.requestPasswordReset.validators();
    expect(v.body({ nir: '1790375056234', birthDate: '1979-03-22' })).toBe(true);
    expect(v.body({ nir: '1790375056234', birthDate: '1979-03-22', extra: 1 })).toBe(false);
    expect(v.body({ nir: '1 79 03 75 056 234', birthDate: '1979-03-22' })).toBe(false);
    expect(v.body({ nir: '1790375056234', birthDate: '22/03/1979' })).toBe(false);
    expect(v.response({ emailMasked: 'j***@e***.fr', linkValidMinutes: 30, later: true })).toBe(true);
    expect(v.response({ emailMasked: 'j***@e***.fr' })).toBe(false);
  });

  it('checks what a caller gives as one object: path parameters and body together', () => {
    const v = REGISTRY.mesSendAccessCode.validators();
    expect(v.input({ enrolmentId: 'enr1', channel: 'sms' })).toBe(true);
    expect(v.input({ enrolmentId: 'has/slash', channel: 'sms' })).toBe(false);
    expect(v.input({ channel: 'sms' })).toBe(false);
    expect(v.input({ enrolmentId: 'enr1', channel: 'fax' })).toBe(false);
  });

  it('accepts Corsican NIRs (2A, 2B) and NIAs, and refuses other first digits', () => {
    const v = REGISTRY.mesIdentify.validators();
    const req = (nir: string) => ({ provisionalCode: 'K7M2P9X4R8TQ', nir, birthDate: '1988-07-14', cardType: 'photo', vitaleSerial: '80250000101' });
    expect(v.body(req('288072A00412385'))).toBe(true);
    expect(v.body(req('288072B00412385'))).toBe(true);
    expect(v.body(req('795129935212345'))).toBe(true);
    expect(v.body(req('588072100412385'))).toBe(false);
    expect(v.body(req('2880721004123'))).toBe(false);
  });

  it('fills path parameters URL-encoded', () => {
    expect(fillPath('/a/:x/b/:y', { x: '1', y: 'a/b' })).toBe('/a/1/b/a%2Fb');
    expect(() => fillPath('/a/:x', {})).toThrow(/missing path parameter x/);
  });

  it('derives the TypeScript types from the schemas', () => {
    expectTypeOf<OperationInput<'mesSendAccessCode'>>().toExtend<{ enrolmentId: string; channel: 'email' | 'sms' }>();
    expectTypeOf<{ enrolmentId: string; channel: 'email' | 'sms' }>().toExtend<OperationInput<'mesSendAccessCode'>>();
    expectTypeOf<OperationOutput<'mesClose'>>().toEqualTypeOf<{ status: 'closed'; exportSentTo?: string }>();
    expectTypeOf<OperationErrorCode<'mesClose'>>().toEqualTypeOf<'bad_credentials' | 'not_active'>();
    expectTypeOf<Extract<OperationResult<'requestPasswordReset'>, { ok: false }>['error']['code']>().toEqualTypeOf<
      'identity_mismatch' | 'no_account' | 'unavailable' | 'invalid_request' | 'rate_limited' | 'unconfirmed'
    >();
    expectTypeOf<BackendClient['call']>().parameter(0).toEqualTypeOf<(typeof OPERATION_NAMES)[number]>();
  });
});

describe('what is derived from the registry', () => {
  it('gives the engine one operation per registry entry, with its arguments and outcomes', () => {
    expect(Object.keys(BACKEND_OPERATIONS)).toEqual(OPERATION_NAMES);
    for (const name of OPERATION_NAMES) {
      const op = REGISTRY[name];
      const spec = BACKEND_OPERATIONS[name];
      expect(spec.params, name).toEqual([...Object.keys(op.paramProperties), ...Object.keys(op.bodyProperties)]);
      expect(spec.outcomes, name).toEqual(expect.arrayContaining(['ok', 'default', ...op.errors, 'unavailable']));
      expect(spec.outcomes.includes('unconfirmed'), name).toBe(op.stateChanging);
    }
  });

  it('builds a table with one entry per operation, by name', () => {
    const table = mapOperations((name) => REGISTRY[name].method);
    expect(Object.keys(table)).toEqual(OPERATION_NAMES);
    expect(table.resetLinkStatus).toBe('GET');
    expectTypeOf(table).toEqualTypeOf<Readonly<Record<OperationName, 'GET' | 'POST'>>>();
  });

  it("types a dialog's call step and the engine's table by the registry's operation names", () => {
    expectTypeOf<CallStep['operation']>().toEqualTypeOf<OperationName>();
    expectTypeOf(BACKEND_OPERATIONS).toExtend<Readonly<Record<OperationName, unknown>>>();
    expectTypeOf<keyof typeof BACKEND_OPERATIONS>().toEqualTypeOf<OperationName>();
  });

  it('keeps the contract free of its users: api-schemas imports no client, simulator or engine module', () => {
    const dir = fromRoot('src', 'backend', 'api-schemas');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(`${dir}/${file}`, 'utf8');
      expect(source, file).not.toMatch(/from '\.\.\/(client|simulator)\//);
      expect(source, file).not.toMatch(/from '(\.\.\/)+engine\//);
    }
  });
});
