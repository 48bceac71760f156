import { describe, expect, it } from 'vitest';
import { interruption } from '../../../../src/engine/turn/interruptions.js';
import { atStep, parsedContext, texts } from '../../../support/turn-stage.js';

describe('turn stage: interruptions', () => {
  it('lets an ordinary message through', async () => {
    const ctx = parsedContext("j'ai oublié mon mot de passe");
    expect(await interruption(ctx)).toBe(false);
    expect(ctx.replies).toEqual([]);
  });

  it('stops the running procedure on "annuler", and says there is nothing to stop when nothing runs', async () => {
    const running = parsedContext('annuler', { state: atStep('password-reset', 'nir') });
    expect(await interruption(running)).toBe(true);
    expect(running.state.stack).toEqual([]);
    expect(texts(running)[0]).toMatch(/^D'accord, j'ai arrêté la démarche en cours/);

    const idle = parsedContext('annuler');
    expect(await interruption(idle)).toBe(true);
    expect(texts(idle)[0]).toBe("Il n'y a rien en cours à annuler. Que souhaitez-vous faire ?");
  });

  it('never reads a code or a password holding digits as a command', async () => {
    // At the question of the provisional code (a secret step).
    const ctx = parsedContext('annuler K7M2P9X4R8TA', { state: atStep('mes-identify', 'code') });
    expect(ctx.current?.step).toMatchObject({ type: 'ask', secret: true });
    expect(await interruption(ctx)).toBe(false);
    expect(ctx.state.stack).toHaveLength(1);
  });

  it('answers "aide" with what the assistant does, and in a procedure with where it stands', async () => {
    const idle = parsedContext('aide');
    expect(await interruption(idle)).toBe(true);
    expect(texts(idle)[0]).toMatch(/^Je peux vous guider/);

    const running = parsedContext('aide', { state: atStep('password-reset', 'nir') });
    expect(await interruption(running)).toBe(true);
    // The step's own help, where the procedure stands, then its question again.
    expect(texts(running).some((t) => t.startsWith('Nous sommes en train de réinitialiser'))).toBe(true);
    expect(running.state.stack).toHaveLength(1);
  });
});
