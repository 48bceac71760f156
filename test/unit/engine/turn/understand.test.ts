import { describe, expect, it } from 'vitest';
import { understand } from '../../../../src/engine/turn/understand.js';
import { atStep, stageContext } from '../../../support/turn-stage.js';

describe('turn stage: understand', () => {
  it('parses the message once, with the kind of message, outside procedures', () => {
    const ctx = stageContext("j'ai oublié mon mot de passe");
    understand(ctx);
    expect(ctx.parse.intent.name).toBe('account.password_reset');
    expect(ctx.current).toBeUndefined();
    expect(ctx.act).toEqual({ kind: 'statement' });
  });

  it('finds the waiting step of the running procedure', () => {
    const ctx = stageContext('1 85 05 78 006 084 36', { state: atStep('password-reset', 'nir') });
    understand(ctx);
    expect(ctx.current?.step).toMatchObject({ type: 'ask', entity: 'nir' });
    expect(ctx.parse.entities.map((e) => e.type)).toContain('nir');
  });

  it('answers in the language the person writes in, from two words on', () => {
    const english = stageContext('I forgot my password');
    understand(english);
    expect(english.state.language).toBe('en');
    expect(english.user.language).toBe('en');

    const oneWord = stageContext('please');
    understand(oneWord);
    expect(oneWord.state.language).toBe('fr');
  });

  it('keeps the easy-to-read switch the channel sends with the message', () => {
    const ctx = stageContext('bonjour', { input: { easyRead: true } });
    understand(ctx);
    expect(ctx.state.easyRead).toBe(true);
  });
});
