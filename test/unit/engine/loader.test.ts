import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_VALIDATORS } from '../../../src/engine/local-validators.js';
import { DialogLoadError, loadAssistantMessage, loadDialogs } from '../../../src/engine/loader.js';
import { fromRoot } from '../../../src/shared/paths.js';
import { CONTRACT_INTENTS, FAKE_FACTS, fakeValidators } from '../../support/fake-collaborators.js';

const validators = [...Object.keys(fakeValidators), ...Object.keys(LOCAL_VALIDATORS)];
const options = { validators, intents: CONTRACT_INTENTS, hasFact: (ref: string) => ref in FAKE_FACTS };

const text = (fr: string) => ({ fr, en: fr });

/** A dialogs folder with the real schemas and assistant.json, and the given procedures only. */
function folder(procedures: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dialogs-'));
  cpSync(fromRoot('dialogs', 'schema'), join(dir, 'schema'), { recursive: true });
  cpSync(fromRoot('dialogs', 'assistant.json'), join(dir, 'assistant.json'));
  for (const [id, p] of Object.entries(procedures)) writeFileSync(join(dir, `${id}.json`), JSON.stringify(p));
  return dir;
}

function procedure(steps: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { $schema: './schema/procedure.schema.json', version: 1, id: 'demo', title: text('faire une démo'), intents: ['account.create'], helpline: 'ameli', start: 'a', steps, ...extra };
}

const ask = (next: string, extra: Record<string, unknown> = {}) => ({
  type: 'ask',
  prompt: text('Nom ?'),
  entity: 'last_name',
  slot: 'lastName',
  invalid: { default: text('Non.') },
  next,
  ...extra,
});
const end = (say?: string) => ({ type: 'end', ...(say ? { say: [text(say)] } : {}) });

function problems(procedures: Record<string, unknown>): string[] {
  try {
    loadDialogs({ ...options, dir: folder(procedures) });
  } catch (error) {
    // Drop the temporary folder's name: "dialogs-x1y2/demo.json#…" → "demo.json#…".
    if (error instanceof DialogLoadError) return error.problems.map((p) => p.replace(/^[^/]+\//, ''));
    throw error;
  }
  return [];
}

describe('dialog loader', () => {
  it('loads every procedure of dialogs/ and resolves all of its references', () => {
    const catalog = loadDialogs(options);
    expect([...catalog.procedures.keys()].sort()).toEqual([
      'account-create',
      'contacts',
      'mes-activate',
      'mes-close',
      'mes-identify',
      'mes-new-code',
      'mes-oppose',
      'mes-provisional-code',
      'password-reset',
    ]);
    expect(catalog.procedureForIntent('account.password_reset')?.id).toBe('password-reset');
    expect(catalog.procedureForIntent('account.password_reset.link_expired')?.id).toBe('password-reset');
    expect(catalog.procedureForIntent('mes.info')).toBeUndefined();
  });

  it('accepts a small valid procedure', () => {
    expect(problems({ demo: procedure({ a: ask('b'), b: end('Fini {{lastName|upper}}.') }) })).toEqual([]);
  });

  it('names the file and the JSON pointer of a schema error', () => {
    expect(problems({ demo: procedure({ a: { ...ask('b'), colour: 'red' }, b: end() }) })).toContain(
      'demo.json#/steps/a: unknown property "colour"',
    );
    expect(problems({ demo: procedure({ a: { type: 'dance', next: 'b' }, b: end() }) }).join('\n')).toMatch(/demo\.json#\/steps\/a\/type: /);
  });

  it('finds a step that points nowhere and a step nobody reaches', () => {
    const found = problems({ demo: procedure({ a: ask('c'), b: end() }) });
    expect(found).toContain('demo.json#/steps/a/next: unknown step "c"');
    expect(found).toContain('demo.json#/steps/b: step "b" cannot be reached from "a"');
  });

  it('refuses unknown intents, validators, facts, filters and slots', () => {
    const found = problems({
      demo: procedure(
        { a: ask('b', { entity: 'shoe_size' }), b: end('{{fact:nowhere.none}} {{lastName|shout}} {{colour}}') },
        { intents: ['account.creat'] },
      ),
    });
    expect(found).toContain('demo.json#/intents/0: unknown intent "account.creat"');
    expect(found.join('\n')).toMatch(/demo\.json#\/steps\/a\/entity: unknown validator "shoe_size"/);
    expect(found).toContain('demo.json#/steps/b/say/0/fr: unknown fact "nowhere.none" in {{fact:nowhere.none}}');
    expect(found.join('\n')).toMatch(/#\/steps\/b\/say\/0\/fr: unknown filter "shout"/);
    expect(found).toContain('demo.json#/steps/b/say/0/fr: {{colour}} names "colour", which no step sets');
  });

  it('checks backend calls: the operation, its arguments and its outcomes', () => {
    const call = (extra: Record<string, unknown>) => ({ type: 'call', operation: 'requestPasswordReset', args: { nir: 'nir', birthDate: 'nir' }, on: { ok: 'b', default: 'b' }, ...extra });
    const steps = (c: unknown) => ({ a: { ...ask('c'), slot: 'nir' }, c, b: end() });
    expect(problems({ demo: procedure(steps(call({ operation: 'resetEverything' }))) }).join('\n')).toMatch(/#\/steps\/c\/operation: unknown backend operation "resetEverything"/);
    expect(problems({ demo: procedure(steps(call({ args: { nir: 'nir' } }))) })).toContain('demo.json#/steps/c/args: missing argument "birthDate" of requestPasswordReset');
    expect(problems({ demo: procedure(steps(call({ on: { ok: 'b', default: 'b', link_lost: 'b' } }))) }).join('\n')).toMatch(
      /#\/steps\/c\/on\/link_lost: requestPasswordReset has no outcome "link_lost"/,
    );
  });

  it('makes credentials secret, never echoed, and used in the same turn', () => {
    const password = { type: 'ask', prompt: text('Mot de passe ?'), entity: 'mes_password', slot: 'pw', invalid: { default: text('Non.') }, next: 'b' };
    expect(problems({ demo: procedure({ a: password, b: end() }) })).toContain('demo.json#/steps/a/secret: "mes_password" is a credential: the step must be "secret": true');
    const secretThenEcho = procedure({ a: { ...password, secret: true }, b: end('Votre mot de passe est {{pw}}') });
    const found = problems({ demo: secretThenEcho });
    expect(found).toContain('demo.json#/steps/b/say/0/fr: {{pw}} would show the secret "pw": secrets are never echoed');
    expect(found).toContain('demo.json#/steps/a/next: the secret "pw" is used by no backend call right after this question (secrets are kept for one turn only)');
  });

  it('checks the options a yes, a no or a value may pick: only in options choices, known values, one meaning each', () => {
    const choice = (options: unknown[], expect = 'options') => ({ type: 'choice', prompt: text('Alors ?'), expect, options });
    const option = (id: string, extra: Record<string, unknown> = {}) => ({ id, title: text(id), next: 'b', ...extra });
    const found = problems({
      demo: procedure({
        a: choice([option('yes', { meaning: 'yes', impliedBy: ['horoscope'] }), option('ok', { meaning: 'yes' })]),
        b: end(),
      }),
    });
    expect(found).toContain('demo.json#/steps/a/options/0/impliedBy: "horoscope" is not a value the NLU finds (known: nir, birth_date, postal_code, departement, email, phone, provisional_code, vitale_serial, yes_no, email_or_sms, card_type)');
    expect(found).toContain('demo.json#/steps/a/options: two options have the same "meaning"');
    const yesNo = problems({ demo: procedure({ a: choice([option('yes', { meaning: 'yes' }), option('no')], 'yes_no'), b: end() }) });
    expect(yesNo).toContain('demo.json#/steps/a/options/0: "meaning" and "impliedBy" only make sense in an "options" choice');
  });

  it('refuses a loop without a question, which would spin forever', () => {
    const found = problems({ demo: procedure({ a: { type: 'say', say: [text('Un.')], next: 'c' }, c: { type: 'say', say: [text('Deux.')], next: 'a' } }) });
    expect(found.join('\n')).toMatch(/loop without a question: a → c → a/);
  });

  it('checks sub-dialogs: they exist, are subdialogs, and return what the caller expects', () => {
    const sub = { $schema: './schema/procedure.schema.json', version: 1, id: 'part', kind: 'subdialog', title: text('partie'), intents: [], helpline: 'ameli', start: 'r', steps: { r: { type: 'return', value: 'done' } } };
    const caller = (on: Record<string, string>) => procedure({ a: { type: 'sub', procedure: 'part', on, next: 'b' }, b: end() });
    expect(problems({ demo: caller({ done: 'b' }), part: sub })).toEqual([]);
    expect(problems({ demo: caller({ finished: 'b' }), part: sub })).toContain('demo.json#/steps/a/on/finished: "part" never returns "finished" (returns: done)');
    expect(problems({ demo: procedure({ a: { type: 'sub', procedure: 'elsewhere', next: 'b' }, b: end() }) })).toContain('demo.json#/steps/a/procedure: unknown procedure "elsewhere"');
  });

  it('wants the file named after the procedure id, and one procedure per intent', () => {
    expect(problems({ other: procedure({ a: ask('b'), b: end() }) })).toContain('other.json#/id: the id "demo" must match the file name "other.json"');
    const twin = { ...procedure({ a: ask('b'), b: end() }), id: 'twin' };
    expect(problems({ demo: procedure({ a: ask('b'), b: end() }), twin }).join('\n')).toMatch(/intent "account.create" already starts the procedure "demo"/);
  });

  it('reports a file that is not JSON', () => {
    const dir = folder({});
    writeFileSync(join(dir, 'broken.json'), '{ "id": ');
    expect(() => loadDialogs({ ...options, dir })).toThrow(/broken\.json#: not valid JSON/);
  });

  it('finds a message missing from assistant.json', () => {
    const dir = folder({});
    const assistant = JSON.parse(readFileSync(join(dir, 'assistant.json'), 'utf8')) as { messages: Record<string, unknown> };
    delete assistant.messages.resume;
    writeFileSync(join(dir, 'assistant.json'), JSON.stringify(assistant));
    expect(() => loadDialogs({ ...options, dir })).toThrow(/assistant\.json#\/messages: missing message "resume"/);
  });

  it('reads one message of assistant.json for the channels (the apology), checked against the schema', () => {
    const dir = folder({});
    const assistant = JSON.parse(readFileSync(join(dir, 'assistant.json'), 'utf8')) as { messages: Record<string, { fr: string; en: string }> };
    expect(loadAssistantMessage('error', dir)).toEqual(assistant.messages.error);
    delete assistant.messages.error;
    writeFileSync(join(dir, 'assistant.json'), JSON.stringify(assistant));
    expect(() => loadAssistantMessage('error', dir)).toThrow(/missing message "error"/);
    writeFileSync(join(dir, 'assistant.json'), JSON.stringify({ ...assistant, messages: { ...assistant.messages, error: { fr: 'Désolé.' } } }));
    expect(() => loadAssistantMessage('error', dir)).toThrow(DialogLoadError);
  });
});
