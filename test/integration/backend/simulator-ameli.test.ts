import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isoDate, startTestSimulator, unwrap, wrongCode, type TestSimulator } from '../../support/simulator.js';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.simulator.reset());

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** The path of a link of the outbox, on the test server. */
const local = (link: string) => sim.base + new URL(link).pathname.replace(/^\/sim/, '');

describe('compte ameli creation', () => {
  const camille = { lastName: 'Durand', nir: '288072A00412385', birthDate: '1988-07-14', postalCode: '20000', email: 'camille.d@example.fr' };

  it('sends an activation e-mail with a link, and the account is active once the link is used', async () => {
    const created = unwrap(await sim.client.call('createAccount', camille));
    expect(created).toEqual({ emailMasked: 'c***@e***.fr', linkValidMinutes: 1440 });
    const mail = await sim.lastMessage(camille.email);
    expect(mail).toMatchObject({ channel: 'email', subject: 'Activez votre compte ameli' });
    expect(mail.link).toMatch(/\/sim\/links\/activate\/[A-Za-z0-9_-]{20,}$/);
    expect(mail.body).toContain(mail.link);
    expect((await sim.persona('camille-durand')).ameliAccount).toBe('none');

    const page = await fetch(local(mail.link!));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Votre compte ameli est activé');
    const persona = await sim.persona('camille-durand');
    expect(persona.ameliAccount).toBe('active');
    expect(persona.email).toBe(camille.email);
    expect(persona.ameliPassword).toMatch(/^Prov-/);
    expect((await fetch(local(mail.link!))).status).toBe(410);
  });

  it('lets the person choose the password on the activation page, naming each failed rule', async () => {
    unwrap(await sim.client.call('createAccount', camille));
    const { link } = await sim.lastMessage(camille.email);
    await fetch(local(link!));
    const weak = await fetch(local(link!), form({ password: 'abc', confirmation: 'abc' }));
    expect(weak.status).toBe(422);
    const text = await weak.text();
    expect(text).toContain('au moins 8 caractères');
    expect(text).toContain('au minimum une majuscule');
    expect(text).toContain('au choix, un chiffre ou un caractère spécial');
    const good = await fetch(local(link!), form({ password: 'Corse2A-2026', confirmation: 'Corse2A-2026' }));
    expect(good.status).toBe(200);
    expect((await sim.persona('camille-durand')).ameliPassword).toBe('Corse2A-2026');
    expect((await fetch(local(link!), form({ password: 'Autre-2026x', confirmation: 'Autre-2026x' }))).status).toBe(410);
  });

  it('refuses an activation link 24 hours after it was sent', async () => {
    unwrap(await sim.client.call('createAccount', camille));
    const { link } = await sim.lastMessage(camille.email);
    await sim.advanceMinutes(24 * 60);
    expect((await fetch(local(link!))).status).toBe(410);
    expect((await sim.persona('camille-durand')).ameliAccount).toBe('none');
  });

  it('answers 404 for an activation link that never existed', async () => {
    expect((await sim.get('/links/activate/not-a-real-token-123')).status).toBe(404);
  });

  it('refuses a person who already has an account', async () => {
    const julien = await sim.persona('julien-moreau');
    const result = await sim.client.call('createAccount', { lastName: 'MOREAU', nir: julien.nir, birthDate: isoDate(julien.birthDate), postalCode: julien.postalCode, email: 'j@example.fr' });
    expect(result).toMatchObject({ ok: false, error: { code: 'already_exists' } });
  });

  it('refuses an ayant droit, a NIA and an AME beneficiary with their own reason', async () => {
    for (const [id, code] of [
      ['emma-garnier', 'dependant'],
      ['karim-haddad', 'nia'],
      ['lucie-bonnet', 'ame'],
    ] as const) {
      const p = await sim.persona(id);
      const result = await sim.client.call('createAccount', { lastName: p.lastName, nir: p.nir, birthDate: isoDate(p.birthDate), postalCode: p.postalCode, email: 'x@example.fr' });
      expect(result, id).toMatchObject({ ok: false, error: { code } });
    }
    expect(await sim.outbox('x@example.fr')).toEqual([]);
  });

  it('refuses details that do not match (name, birth date, postal code, key) without saying which', async () => {
    const wrong = [
      { ...camille, lastName: 'Dupont' },
      { ...camille, birthDate: '1988-07-15' },
      { ...camille, postalCode: '20090' },
      { ...camille, nir: '288072A00412386' },
      { ...camille, nir: '1990101001001' },
    ];
    for (const req of wrong) expect(await sim.client.call('createAccount', req)).toMatchObject({ ok: false, error: { code: 'identity_mismatch' } });
  });

  it('accepts the NIR without its key, and a name typed without accents or capitals', async () => {
    const sophie = { lastName: 'lefevre', nir: '2921169123345', birthDate: '1992-11-05', postalCode: '69003', email: 's@example.fr' };
    expect(await sim.client.call('createAccount', sophie)).toMatchObject({ ok: false, error: { code: 'already_exists' } });
    expect(unwrap(await sim.client.call('createAccount', { ...camille, lastName: 'durand', nir: '288072A004123' })).emailMasked).toBe('c***@e***.fr');
  });
});

describe('password reset', () => {
  const julien = { nir: '179037505623499'.slice(0, 13), birthDate: '1979-03-22' };

  async function sendLink(): Promise<string> {
    const sent = unwrap(await sim.client.call('requestPasswordReset', julien));
    expect(sent).toEqual({ emailMasked: 'j***@e***.fr', linkValidMinutes: 30 });
    const mail = await sim.lastMessage('julien.moreau@example.fr');
    expect(mail.body).toContain('30 minutes');
    return mail.link!;
  }

  it('sends a link that answers 200 while valid and 410 30 minutes after it was sent', async () => {
    const link = await sendLink();
    expect((await fetch(local(link))).status).toBe(200);
    await sim.advanceMinutes(29);
    expect((await fetch(local(link))).status).toBe(200);
    await sim.advanceMinutes(1);
    expect((await fetch(local(link))).status).toBe(410);
  });

  it('reports the link status through the API (valid with its expiry, then expired)', async () => {
    const token = (await sendLink()).split('/').at(-1)!;
    const valid = unwrap(await sim.client.call('resetLinkStatus', { token }));
    expect(valid.status).toBe('valid');
    expect(new Date(valid.expiresAt!).getTime() - sim.simulator.clock.now().getTime()).toBe(30 * 60_000);
    await sim.advanceMinutes(30);
    expect(unwrap(await sim.client.call('resetLinkStatus', { token }))).toEqual({ status: 'expired' });
    expect(await sim.client.call('setNewPassword', { token, newPassword: 'Nouveau-2026' })).toMatchObject({ ok: false, error: { code: 'link_expired' } });
    expect(unwrap(await sim.client.call('resetLinkStatus', { token: 'never-sent-token' }))).toEqual({ status: 'unknown' });
  });

  it('is single use: 410 once the password was changed, and the old password no longer works', async () => {
    const link = await sendLink();
    const token = link.split('/').at(-1)!;
    expect(unwrap(await sim.client.call('setNewPassword', { token, newPassword: 'Nouveau-2026' }))).toEqual({ status: 'changed' });
    expect((await fetch(local(link))).status).toBe(410);
    expect(unwrap(await sim.client.call('resetLinkStatus', { token })).status).toBe('used');
    expect(await sim.client.call('setNewPassword', { token, newPassword: 'Encore-2026' })).toMatchObject({ ok: false, error: { code: 'link_used' } });
    expect((await sim.persona('julien-moreau')).ameliPassword).toBe('Nouveau-2026');
    expect(await sim.client.call('login', { nir: julien.nir, password: 'Soleil-2024' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
  });

  it('names each rule the new password breaks, and keeps the link usable', async () => {
    const token = (await sendLink()).split('/').at(-1)!;
    const result = await sim.client.call('setNewPassword', { token, newPassword: 'abc' });
    expect(result).toMatchObject({ ok: false, error: { code: 'password_policy', failedRules: ['min_length', 'uppercase', 'digit_or_special'] } });
    expect(await sim.client.call('setNewPassword', { token, newPassword: 'A'.repeat(40) + 'b1'.repeat(6) })).toMatchObject({ ok: false, error: { failedRules: ['max_length'] } });
    expect(unwrap(await sim.client.call('resetLinkStatus', { token })).status).toBe('valid');
  });

  it('lets the person choose the new password on the link page, naming each failed rule in French', async () => {
    const link = await sendLink();
    const page = await (await fetch(local(link))).text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toMatch(/<label for="password">/);
    expect(page).toContain('au minimum une majuscule, une minuscule et, au choix, un chiffre ou un caractère spécial');
    const weak = await fetch(local(link), form({ password: 'toutenminuscules', confirmation: 'toutenminuscules' }));
    expect(weak.status).toBe(422);
    const text = await weak.text();
    expect(text).toContain('Il manque : au minimum une majuscule.');
    expect(text).toContain('Il manque : au choix, un chiffre ou un caractère spécial.');
    expect(text).not.toContain('Il manque : au minimum une minuscule.');
    expect((await fetch(local(link), form({ password: 'Valide-2026', confirmation: 'Autre-2026' }))).status).toBe(422);
    const done = await fetch(local(link), form({ password: 'Valide-2026', confirmation: 'Valide-2026' }));
    expect(done.status).toBe(200);
    expect((await sim.persona('julien-moreau')).ameliPassword).toBe('Valide-2026');
    expect((await fetch(local(link))).status).toBe(410);
  });

  it('kills the other links once one of them was used', async () => {
    const first = (await sendLink()).split('/').at(-1)!;
    const second = (await sendLink()).split('/').at(-1)!;
    expect(first).not.toBe(second);
    unwrap(await sim.client.call('setNewPassword', { token: second, newPassword: 'Nouveau-2026' }));
    expect(unwrap(await sim.client.call('resetLinkStatus', { token: first })).status).toBe('used');
  });

  it('refuses an unknown identity and a person without an account', async () => {
    expect(await sim.client.call('requestPasswordReset', { ...julien, birthDate: '1979-03-23' })).toMatchObject({ ok: false, error: { code: 'identity_mismatch' } });
    expect(await sim.client.call('requestPasswordReset', { nir: '288072A004123', birthDate: '1988-07-14' })).toMatchObject({ ok: false, error: { code: 'no_account' } });
  });
});

describe('login with a one-time security code', () => {
  const nir = '1790375056234';

  async function loginNow() {
    const started = unwrap(await sim.client.call('login', { nir, password: 'Soleil-2024' }));
    expect(started.otpSentTo).toBe('j***@e***.fr');
    const mail = await sim.lastMessage('julien.moreau@example.fr');
    expect(mail.code).toMatch(/^\d{6}$/);
    return { loginId: started.loginId, code: mail.code! };
  }

  it('sends a code by e-mail at each login, which works once', async () => {
    const a = await loginNow();
    const b = await loginNow();
    expect(a.loginId).not.toBe(b.loginId);
    expect(unwrap(await sim.client.call('verifyLoginOtp', { loginId: a.loginId, code: a.code }))).toEqual({ status: 'logged_in' });
    expect(await sim.client.call('verifyLoginOtp', { loginId: a.loginId, code: a.code })).toMatchObject({ ok: false, error: { code: 'code_used' } });
    expect(await sim.client.call('verifyLoginOtp', { loginId: b.loginId, code: a.code === b.code ? wrongCode(b.code) : a.code })).toMatchObject({ ok: false, error: { code: 'wrong_code' } });
  });

  it('refuses a wrong password, a person without an account and an unknown login', async () => {
    expect(await sim.client.call('login', { nir, password: 'soleil-2024' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await sim.client.call('login', { nir: '288072A004123', password: 'Whatever1' })).toMatchObject({ ok: false, error: { code: 'no_account' } });
    expect(await sim.client.call('verifyLoginOtp', { loginId: 'no-such-login', code: '123456' })).toMatchObject({ ok: false, error: { code: 'unknown_login' } });
  });

  it('expires the code 10 minutes after sending, and burns it after 5 wrong tries', async () => {
    const first = await loginNow();
    await sim.advanceMinutes(10);
    expect(await sim.client.call('verifyLoginOtp', { loginId: first.loginId, code: first.code })).toMatchObject({ ok: false, error: { code: 'code_expired' } });
    const second = await loginNow();
    for (let left = 4; left >= 0; left--) {
      expect(await sim.client.call('verifyLoginOtp', { loginId: second.loginId, code: wrongCode(second.code) })).toMatchObject({ ok: false, error: { code: 'wrong_code', attemptsLeft: left } });
    }
    expect(await sim.client.call('verifyLoginOtp', { loginId: second.loginId, code: second.code })).toMatchObject({ ok: false, error: { code: 'code_expired' } });
  });
});
