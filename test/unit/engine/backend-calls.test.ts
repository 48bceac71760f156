import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackendClient, OperationName } from '../../../src/backend/client/types.js';
import { BACKEND_OPERATIONS } from '../../../src/engine/backend-operations.js';
import { LOCAL_VALIDATORS } from '../../../src/engine/local-validators.js';
import { DialogLoadError, loadDialogs } from '../../../src/engine/loader.js';
import { fromRoot } from '../../../src/shared/paths.js';
import { CONTRACT_INTENTS, FAKE_FACTS, fakeValidators } from '../../support/fake-collaborators.js';

const text = (fr: string) => ({ fr, en: fr });

/** The problems the loader finds in a dialogs folder holding this one procedure. */
function problems(steps: Record<string, unknown>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'dialogs-'));
  cpSync(fromRoot('dialogs', 'schema'), join(dir, 'schema'), { recursive: true });
  cpSync(fromRoot('dialogs', 'assistant.json'), join(dir, 'assistant.json'));
  const procedure = { $schema: './schema/procedure.schema.json', version: 1, id: 'demo', title: text('faire une démo'), intents: ['account.create'], helpline: 'ameli', start: 'a', steps };
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(procedure));
  try {
    loadDialogs({ dir, validators: [...Object.keys(fakeValidators), ...Object.keys(LOCAL_VALIDATORS)], intents: CONTRACT_INTENTS, hasFact: (ref) => ref in FAKE_FACTS });
  } catch (error) {
    if (error instanceof DialogLoadError) return error.problems.map((p) => p.replace(/^[^/]+\//, ''));
    throw error;
  }
  return [];
}

const ask = { type: 'ask', prompt: text('Numéro ?'), entity: 'nir', slot: 'nir', invalid: { default: text('Non.') }, next: 'c' };
const end = { type: 'end', say: [text('Fin.')] };

describe('dialog call steps, checked against the backend registry', () => {
  it('wants a state-changing call to say what happens when its outcome is unknown', () => {
    const call = (on: Record<string, string>) => ({ type: 'call', operation: 'requestPasswordReset', args: { nir: 'nir', birthDate: 'nir' }, on });
    expect(problems({ a: ask, c: call({ ok: 'b', default: 'b' }), b: end })).toContain(
      'demo.json#/steps/c/on: requestPasswordReset changes state: say what happens when its outcome is unknown ("unconfirmed": the backend may have done it, never say it failed)',
    );
    expect(problems({ a: ask, c: call({ ok: 'b', unconfirmed: 'b', default: 'b' }), b: end })).toEqual([]);
  });

  it('knows that a call that changes nothing has no unknown outcome', () => {
    const call = { type: 'call', operation: 'resetLinkStatus', args: { token: 'nir' }, on: { ok: 'b', unconfirmed: 'b', default: 'b' } };
    expect(problems({ a: ask, c: call, b: end }).join('\n')).toMatch(/#\/steps\/c\/on\/unconfirmed: resetLinkStatus has no outcome "unconfirmed"/);
  });

  it('takes the arguments from the request schema: path parameters and body properties', () => {
    const call = { type: 'call', operation: 'mesSendAccessCode', args: { channel: 'nir', code: 'nir' }, on: { ok: 'b', unconfirmed: 'b', default: 'b' } };
    const found = problems({ a: ask, c: call, b: end });
    expect(found).toContain('demo.json#/steps/c/args: missing argument "enrolmentId" of mesSendAccessCode');
    expect(found).toContain('demo.json#/steps/c/args/code: mesSendAccessCode takes no argument "code"');
  });

  it('checks a literal argument against its schema at load time', () => {
    const call = (decision: string) => ({
      type: 'call',
      operation: 'mesDependantDecision',
      args: { enrolmentId: 'nir', dependantId: 'nir', decision: { value: decision } },
      on: { ok: 'b', unconfirmed: 'b', default: 'b' },
    });
    expect(problems({ a: ask, c: call('oppose'), b: end })).toEqual([]);
    expect(problems({ a: ask, c: call('opose'), b: end }).join('\n')).toMatch(/#\/steps\/c\/args\/decision\/value: mesDependantDecision refuses this value: \/decision must be equal to one of the allowed values/);
  });

  it('does not take a name of Object.prototype for an operation', () => {
    const call = { type: 'call', operation: 'toString', args: {}, on: { ok: 'b', default: 'b' } };
    expect(problems({ a: ask, c: call, b: end }).join('\n')).toMatch(/unknown backend operation "toString"/);
  });
});

describe('the engine table of backend operations', () => {
  function recordingClient() {
    const calls: Array<{ operation: OperationName; input: unknown }> = [];
    const client: BackendClient = {
      call(operation, input) {
        calls.push({ operation, input });
        return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'recorded' } });
      },
    };
    return { client, calls };
  }

  it('gives the yes/no answers of a choice to boolean arguments', async () => {
    const { client, calls } = recordingClient();
    await BACKEND_OPERATIONS.mesClose.invoke(client, { identifier: 'camille2A', password: 'Ajaccio-2026', exportData: 'yes', deleteData: 'no' }, {});
    expect(calls).toEqual([{ operation: 'mesClose', input: { identifier: 'camille2A', password: 'Ajaccio-2026', exportData: true, deleteData: false } }]);
  });

  it('refuses arguments that break the request schema without calling the backend', async () => {
    const { client, calls } = recordingClient();
    const result = await BACKEND_OPERATIONS.mesSendAccessCode.invoke(client, { enrolmentId: 'enr1', channel: 'fax' }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('/channel') } });
    expect(calls).toEqual([]);
  });

  it('passes path parameters and body properties in one input', async () => {
    const { client, calls } = recordingClient();
    await BACKEND_OPERATIONS.mesDependantDecision.invoke(client, { enrolmentId: 'enr1', dependantId: 'kid1', decision: 'oppose' }, { idempotencyKey: 'k' });
    expect(calls).toEqual([{ operation: 'mesDependantDecision', input: { enrolmentId: 'enr1', dependantId: 'kid1', decision: 'oppose' } }]);
  });
});
