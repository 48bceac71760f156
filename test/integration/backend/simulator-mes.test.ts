import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BackendClient, Channel, OperationInput } from '../../../src/backend/client/types.js';
import { defaultPersons, type PersonaView, type PersonRecord } from '../../../src/backend/simulator/index.js';
import { isoDate, scriptedCodes, startTestSimulator, unwrap, wrongCode, type TestSimulator } from '../../support/simulator.js';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.simulator.reset());

function identification(p: PersonaView, overrides: Partial<OperationInput<'mesIdentify'>> = {}): OperationInput<'mesIdentify'> {
  return {
    provisionalCode: p.mes.provisionalCode,
    nir: p.nir,
    birthDate: isoDate(p.birthDate),
    cardType: p.mes.vitaleCardType!,
    vitaleSerial: p.mes.vitaleSerial!,
    ...overrides,
  };
}

function withoutContacts(p: PersonRecord, drop: Array<'email' | 'phone'>): PersonRecord {
  const copy = { ...p };
  for (const key of drop) delete copy[key];
  return copy;
}

async function identify(id: string, client: BackendClient = sim.client, requestId?: string) {
  const p = await sim.persona(id);
  return unwrap(await client.call('mesIdentify', identification(p), requestId ? { requestId } : {}));
}

/** Identification, access code by e-mail, verification: the session can decide. */
async function verifiedSession(id: string, channel: Channel = 'email') {
  const session = await identify(id);
  const p = await sim.persona(id);
  unwrap(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel }));
  const { code } = await sim.lastMessage(channel === 'email' ? p.email! : p.phone!);
  unwrap(await sim.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code: code! }));
  return session;
}

describe('Mon espace santé identification', () => {
  it('opens a session with the profile, the children and the masked contacts', async () => {
    const session = await identify('amandine-fontaine');
    expect(session.profile).toEqual({ id: 'amandine-fontaine', firstName: 'Amandine', status: 'pending' });
    expect(session.dependants.map((d) => [d.firstName, d.status])).toEqual([
      ['Hugo', 'pending'],
      ['Léa', 'pending'],
      ['Jules', 'pending'],
    ]);
    expect(session.contacts).toEqual({ emailMasked: 'a***@e***.fr', phoneMasked: '+33 6 ** ** ** 07' });
    expect(session.enrolmentId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  });

  it('refuses any wrong field with the same answer, never naming the field', async () => {
    const p = await sim.persona('camille-durand');
    const wrong: Array<Partial<OperationInput<'mesIdentify'>>> = [
      { provisionalCode: 'K7M2P9X4R8TA' },
      { nir: '288072A00412386' },
      { birthDate: '1988-07-15' },
      { cardType: 'sans_photo' },
      { vitaleSerial: '80250000102' },
    ];
    const answers = await Promise.all(wrong.map((o) => sim.client.call('mesIdentify', identification(p, o))));
    for (const a of answers) expect(a).toEqual({ ok: false, error: { code: 'identification_failed', message: 'the details do not match a profile' } });
  });

  it('accepts the code in lower case and a serial typed with more than its last 11 digits', async () => {
    const p = await sim.persona('camille-durand');
    const r = await sim.client.call('mesIdentify', identification(p, { provisionalCode: p.mes.provisionalCode.toLowerCase(), vitaleSerial: `250${p.mes.vitaleSerial}` }));
    expect(r.ok).toBe(true);
  });

  it('says the provisional code expired only when everything else is right', async () => {
    const sophie = await sim.persona('sophie-lefevre');
    expect(sophie.mes.codeExpired).toBe(true);
    expect(await sim.client.call('mesIdentify', identification(sophie))).toMatchObject({ ok: false, error: { code: 'code_expired' } });
    expect(await sim.client.call('mesIdentify', identification(sophie, { vitaleSerial: '80250000000' }))).toMatchObject({ ok: false, error: { code: 'identification_failed' } });
  });

  it('refuses a provisional code one month after it was received', async () => {
    const camille = await sim.persona('camille-durand');
    const untilExpiry = (new Date(camille.mes.codeValidUntil).getTime() - sim.simulator.clock.now().getTime()) / 60_000;
    await sim.advanceMinutes(untilExpiry - 1);
    expect((await sim.client.call('mesIdentify', identification(camille))).ok).toBe(true);
    await sim.advanceMinutes(1);
    expect(await sim.client.call('mesIdentify', identification(camille))).toMatchObject({ ok: false, error: { code: 'code_expired' } });
    expect((await sim.persona('camille-durand')).mes.codeExpired).toBe(true);
  });

  it('refuses an active profile', async () => {
    const nicolas = await sim.persona('nicolas-petit');
    expect(await sim.client.call('mesIdentify', identification(nicolas))).toMatchObject({ ok: false, error: { code: 'already_active' } });
  });

  it('identifies a child by its birth date on the parent card, with the child code', async () => {
    const parent = await sim.persona('amandine-fontaine');
    const lea = parent.dependants.find((d) => d.firstName === 'Léa')!;
    const session = unwrap(await sim.client.call('mesIdentify', identification(parent, { birthDate: isoDate(lea.birthDate), provisionalCode: lea.mes.provisionalCode })));
    expect(session.profile).toEqual({ id: lea.id, firstName: 'Léa', status: 'pending' });
    expect(session.dependants).toEqual([]);
  });

  it('says when no contact details came up from the caisse', async () => {
    const quiet = await startTestSimulator({
      persons: (now) => defaultPersons(now).map((p) => (p.id === 'camille-durand' ? withoutContacts(p, ['email', 'phone']) : p)),
    });
    try {
      const camille = await quiet.persona('camille-durand');
      expect(await quiet.client.call('mesIdentify', identification(camille))).toMatchObject({ ok: false, error: { code: 'no_contact' } });
    } finally {
      await quiet.close();
    }
  });
});

describe('new provisional code', () => {
  it('sends a 12-character code by e-mail, valid 1 month, which replaces the expired one', async () => {
    const sophie = await sim.persona('sophie-lefevre');
    const sent = unwrap(await sim.client.call('mesNewProvisionalCode', { nir: sophie.nir, birthDate: isoDate(sophie.birthDate), cardType: 'sans_photo', delivery: 'email' }));
    expect(sent).toMatchObject({ delivery: 'email', sentTo: 's***@e***.fr', validMonths: 1 });
    expect(sent.validDays).toBeGreaterThanOrEqual(28);
    expect(sent.validDays).toBeLessThanOrEqual(31);
    const mail = await sim.lastMessage(sophie.email!);
    expect(mail.code).toMatch(/^[0-9A-Z]{12}$/);
    expect(mail.body).toContain('valable 1 mois');
    const now = await sim.persona('sophie-lefevre');
    expect(now.mes).toMatchObject({ provisionalCode: mail.code, codeExpired: false });
    expect(await sim.client.call('mesIdentify', identification(sophie))).toMatchObject({ ok: false, error: { code: 'identification_failed' } });
    expect((await sim.client.call('mesIdentify', identification(now))).ok).toBe(true);
  });

  it('sends it by post: nothing in the outbox, the persona shows the new code', async () => {
    const marc = await sim.persona('marc-garnier');
    const sent = unwrap(await sim.client.call('mesNewProvisionalCode', { nir: marc.nir, birthDate: isoDate(marc.birthDate), cardType: 'sans_photo', delivery: 'post' }));
    expect(sent).toMatchObject({ delivery: 'post', validMonths: 1 });
    expect(sent.sentTo).toBeUndefined();
    expect(await sim.outbox(marc.email!)).toEqual([]);
    expect((await sim.persona('marc-garnier')).mes.provisionalCode).not.toBe(marc.mes.provisionalCode);
    const audit = (await (await sim.get('/audit')).json()) as Array<{ action: string; details?: { delivery?: string } }>;
    expect(audit.some((e) => e.action === 'mes.provisional_code.sent' && e.details?.delivery === 'post')).toBe(true);
  });

  it('refuses wrong details, an active profile, and e-mail delivery without an address', async () => {
    const camille = await sim.persona('camille-durand');
    expect(await sim.client.call('mesNewProvisionalCode', { nir: camille.nir, birthDate: '1988-07-15', cardType: 'photo', delivery: 'email' })).toMatchObject({
      ok: false,
      error: { code: 'identification_failed' },
    });
    const nicolas = await sim.persona('nicolas-petit');
    expect(await sim.client.call('mesNewProvisionalCode', { nir: nicolas.nir, birthDate: isoDate(nicolas.birthDate), cardType: 'photo', delivery: 'email' })).toMatchObject({
      ok: false,
      error: { code: 'already_active' },
    });
    const noMail = await startTestSimulator({
      persons: (now) => defaultPersons(now).map((p) => (p.id === 'camille-durand' ? withoutContacts(p, ['email']) : p)),
    });
    try {
      const req = { nir: camille.nir, birthDate: isoDate(camille.birthDate), cardType: 'photo' as const };
      expect(await noMail.client.call('mesNewProvisionalCode', { ...req, delivery: 'email' })).toMatchObject({ ok: false, error: { code: 'no_contact' } });
      expect((await noMail.client.call('mesNewProvisionalCode', { ...req, delivery: 'post' })).ok).toBe(true);
    } finally {
      await noMail.close();
    }
  });
});

describe('access code', () => {
  it('sends a 6-digit code by e-mail or SMS, valid 15 minutes', async () => {
    const session = await identify('julien-moreau');
    const byMail = unwrap(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'email' }));
    expect(byMail).toMatchObject({ channel: 'email', sentTo: 'j***@e***.fr' });
    expect(new Date(byMail.expiresAt).getTime() - sim.simulator.clock.now().getTime()).toBe(15 * 60_000);
    expect((await sim.lastMessage('julien.moreau@example.fr')).body).toContain("n'est valable que 15 minutes");
    const bySms = unwrap(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'sms' }));
    expect(bySms.sentTo).toBe('+33 6 ** ** ** 02');
    for (const spelling of ['0612345602', '+33612345602', '+33 6 12 34 56 02', '0033612345602']) {
      const sms = await sim.lastMessage(spelling);
      expect(sms).toMatchObject({ channel: 'sms', to: '0612345602' });
      expect(sms.code).toMatch(/^\d{6}$/);
    }
  });

  it('refuses the code 15 minutes after sending; a resent code works and replaces the first', async () => {
    // Two different codes, known in advance: the first must then be refused as a wrong code.
    const codes = scriptedCodes(['111111', '222222']);
    const own = await startTestSimulator({ codes });
    try {
      const p = await own.persona('julien-moreau');
      const session = unwrap(await own.client.call('mesIdentify', identification(p)));
      const verify = (code: string) => own.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code });
      unwrap(await own.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'email' }));
      expect((await own.lastMessage('julien.moreau@example.fr')).code).toBe('111111');
      await own.advanceMinutes(15);
      expect(await verify('111111')).toMatchObject({ ok: false, error: { code: 'code_expired' } });
      unwrap(await own.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'sms' }));
      expect((await own.lastMessage('0612345602')).code).toBe('222222');
      expect(codes.left()).toBe(0);
      expect(await verify('111111')).toMatchObject({ ok: false, error: { code: 'wrong_code', attemptsLeft: 4 } });
      await own.advanceMinutes(14);
      expect(unwrap(await verify('222222'))).toEqual({ status: 'verified' });
    } finally {
      await own.close();
    }
  });

  it('answers no_code before any code was sent, and unknown_enrolment for a wrong or expired session', async () => {
    const session = await identify('julien-moreau');
    expect(await sim.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code: '123456' })).toMatchObject({ ok: false, error: { code: 'no_code' } });
    expect(await sim.client.call('mesSendAccessCode', { enrolmentId: 'no-such-session', channel: 'email' })).toMatchObject({ ok: false, error: { code: 'unknown_enrolment' } });
    await sim.advanceMinutes(60);
    expect(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'email' })).toMatchObject({ ok: false, error: { code: 'unknown_enrolment' } });
  });

  it('locks the step for 15 minutes after 5 wrong codes, even for the right code, then lets the person try again', async () => {
    const session = await identify('julien-moreau');
    unwrap(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'email' }));
    const code = (await sim.lastMessage('julien.moreau@example.fr')).code!;
    for (const left of [4, 3, 2, 1]) {
      expect(await sim.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code: wrongCode(code) })).toMatchObject({ ok: false, error: { code: 'wrong_code', attemptsLeft: left } });
    }
    const locked = await sim.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code: wrongCode(code) });
    expect(locked).toMatchObject({ ok: false, error: { code: 'locked', attemptsLeft: 0 } });
    const until = !locked.ok ? new Date(locked.error.lockedUntil!) : new Date(0);
    expect(until.getTime() - sim.simulator.clock.now().getTime()).toBe(15 * 60_000);
    expect(await sim.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'sms' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    await sim.advanceMinutes(14);
    expect(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'sms' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    await sim.advanceMinutes(1);
    unwrap(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'sms' }));
    const fresh = (await sim.lastMessage('0612345602')).code!;
    expect(unwrap(await sim.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code: fresh }))).toEqual({ status: 'verified' });
  });

  it('counts wrong codes per person: two conversations of the same person share one lockout', async () => {
    const conversationA = await identify('julien-moreau', sim.client, 'conversation-a');
    const conversationB = await identify('julien-moreau', sim.client, 'conversation-b');
    expect(conversationA.enrolmentId).not.toBe(conversationB.enrolmentId);
    unwrap(await sim.client.call('mesSendAccessCode', { enrolmentId: conversationA.enrolmentId, channel: 'email' }, { requestId: 'conversation-a' }));
    const codeA = (await sim.lastMessage('julien.moreau@example.fr')).code!;
    unwrap(await sim.client.call('mesSendAccessCode', { enrolmentId: conversationB.enrolmentId, channel: 'sms' }, { requestId: 'conversation-b' }));
    const codeB = (await sim.lastMessage('0612345602')).code!;
    for (let i = 0; i < 3; i++) await sim.client.call('mesVerifyAccessCode', { enrolmentId: conversationA.enrolmentId, code: wrongCode(codeA) });
    expect(await sim.client.call('mesVerifyAccessCode', { enrolmentId: conversationB.enrolmentId, code: wrongCode(codeB) })).toMatchObject({ ok: false, error: { code: 'wrong_code', attemptsLeft: 1 } });
    expect(await sim.client.call('mesVerifyAccessCode', { enrolmentId: conversationB.enrolmentId, code: wrongCode(codeB) })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await sim.client.call('mesVerifyAccessCode', { enrolmentId: conversationA.enrolmentId, code: codeA })).toMatchObject({ ok: false, error: { code: 'locked' } });
    // Someone else is not affected.
    await verifiedSession('camille-durand');
  });

  it('does not start the count again when a new code is sent', async () => {
    const session = await identify('julien-moreau');
    for (let i = 0; i < 4; i++) {
      unwrap(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'email' }));
      const code = (await sim.lastMessage('julien.moreau@example.fr')).code!;
      await sim.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code: wrongCode(code) });
    }
    unwrap(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'email' }));
    const code = (await sim.lastMessage('julien.moreau@example.fr')).code!;
    expect(await sim.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code: wrongCode(code) })).toMatchObject({ ok: false, error: { code: 'locked' } });
  });

  it('follows the configured number of attempts and lock duration', async () => {
    const strict = await startTestSimulator({ accessCodeMaxAttempts: 2, accessCodeLockMinutes: 5 });
    try {
      const p = await strict.persona('julien-moreau');
      const session = unwrap(await strict.client.call('mesIdentify', identification(p)));
      unwrap(await strict.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'email' }));
      const code = (await strict.lastMessage(p.email!)).code!;
      expect(await strict.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code: wrongCode(code) })).toMatchObject({ ok: false, error: { attemptsLeft: 1 } });
      expect(await strict.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code: wrongCode(code) })).toMatchObject({ ok: false, error: { code: 'locked' } });
      await strict.advanceMinutes(5);
      expect(await strict.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code })).toEqual({ ok: true, value: { status: 'verified' } });
    } finally {
      await strict.close();
    }
  });
});

describe('activation and opposition', () => {
  it('activates only after a verified access code, but opposes after the identification alone (000, 004: identify, then decide)', async () => {
    const session = await identify('camille-durand');
    expect(await sim.client.call('mesActivate', { enrolmentId: session.enrolmentId, ...{ identifier: 'camille2A', password: 'Ajaccio-2026' } })).toMatchObject({ ok: false, error: { code: 'not_verified' } });
    expect(await sim.client.call('mesOppose', { enrolmentId: session.enrolmentId })).toMatchObject({ ok: true, value: { profile: { status: 'opposed' } } });
  });

  it('lets a parent oppose for a child after the identification alone, but activate the child only after the access code', async () => {
    const session = await identify('amandine-fontaine');
    expect(await sim.client.call('mesDependantDecision', { enrolmentId: session.enrolmentId, dependantId: 'hugo-fontaine', decision: 'activate' })).toMatchObject({ ok: false, error: { code: 'not_verified' } });
    expect(await sim.client.call('mesDependantDecision', { enrolmentId: session.enrolmentId, dependantId: 'hugo-fontaine', decision: 'oppose' })).toMatchObject({ ok: true, value: { dependant: { status: 'opposed' } } });
  });

  it('names each identifier rule and each password rule that fails', async () => {
    const { enrolmentId } = await verifiedSession('camille-durand');
    expect(await sim.client.call('mesActivate', { enrolmentId, ...{ identifier: 'cam', password: 'Ajaccio-2026' } })).toMatchObject({ ok: false, error: { code: 'identifier_invalid', failedRules: ['min_length'] } });
    expect(await sim.client.call('mesActivate', { enrolmentId, ...{ identifier: 'camille@example.fr', password: 'Ajaccio-2026' } })).toMatchObject({
      ok: false,
      error: { code: 'identifier_invalid', failedRules: ['not_email'] },
    });
    expect(await sim.client.call('mesActivate', { enrolmentId, ...{ identifier: 'camille2A', password: 'ajaccio' } })).toMatchObject({
      ok: false,
      error: { code: 'password_policy', failedRules: ['min_length', 'uppercase', 'special', 'digit'] },
    });
    expect(await sim.client.call('mesActivate', { enrolmentId, ...{ identifier: 'camille2A', password: 'AJACCIO-2026' } })).toMatchObject({ ok: false, error: { failedRules: ['lowercase'] } });
    expect(await sim.client.call('mesActivate', { enrolmentId, ...{ identifier: 'nicolas.petit44', password: 'Ajaccio-2026' } })).toMatchObject({ ok: false, error: { code: 'identifier_taken' } });
  });

  it('activates the profile: the persona shows it active with its identifier and password', async () => {
    const { enrolmentId } = await verifiedSession('camille-durand');
    const done = unwrap(await sim.client.call('mesActivate', { enrolmentId, ...{ identifier: 'camille2A', password: 'Ajaccio-2026' } }));
    expect(done.profile).toEqual({ id: 'camille-durand', firstName: 'Camille', status: 'active' });
    expect((await sim.persona('camille-durand')).mes).toMatchObject({ status: 'active', identifier: 'camille2A', password: 'Ajaccio-2026', codeExpired: true });
    expect(await sim.client.call('mesActivate', { enrolmentId, ...{ identifier: 'camille2A', password: 'Ajaccio-2026' } })).toMatchObject({ ok: false, error: { code: 'already_active' } });
    expect(await sim.client.call('mesOppose', { enrolmentId })).toMatchObject({ ok: false, error: { code: 'not_pending' } });
  });

  it('opposes a pending profile, and the person can activate it later with a new code', async () => {
    const { enrolmentId } = await verifiedSession('julien-moreau');
    expect(unwrap(await sim.client.call('mesOppose', { enrolmentId })).profile.status).toBe('opposed');
    expect(await sim.client.call('mesOppose', { enrolmentId })).toMatchObject({ ok: false, error: { code: 'not_pending' } });
    const opposed = await sim.persona('julien-moreau');
    expect(opposed.mes).toMatchObject({ status: 'opposed', codeExpired: true });
    expect(await sim.client.call('mesIdentify', identification(opposed))).toMatchObject({ ok: false, error: { code: 'identification_failed' } });

    unwrap(await sim.client.call('mesNewProvisionalCode', { nir: opposed.nir, birthDate: isoDate(opposed.birthDate), cardType: 'photo', delivery: 'email' }));
    const later = await verifiedSession('julien-moreau');
    expect(later.profile.status).toBe('opposed');
    unwrap(await sim.client.call('mesActivate', { enrolmentId: later.enrolmentId, ...{ identifier: 'julien.moreau', password: 'Paris-11eme' } }));
    expect((await sim.persona('julien-moreau')).mes.status).toBe('active');
  });

  it('lets the seeded opposed person activate with a new provisional code', async () => {
    const isabelle = await sim.persona('isabelle-roux');
    unwrap(await sim.client.call('mesNewProvisionalCode', { nir: isabelle.nir, birthDate: isoDate(isabelle.birthDate), cardType: 'sans_photo', delivery: 'email' }));
    const { enrolmentId } = await verifiedSession('isabelle-roux', 'sms');
    expect(unwrap(await sim.client.call('mesActivate', { enrolmentId, ...{ identifier: 'isabelle.roux13', password: 'Marseille-13' } })).profile.status).toBe('active');
  });
});

describe("children's profiles", () => {
  it('are activated or opposed one by one by the parent', async () => {
    const { enrolmentId, dependants } = await verifiedSession('amandine-fontaine');
    const [hugo, lea, jules] = dependants;
    unwrap(await sim.client.call('mesActivate', { enrolmentId, ...{ identifier: 'amandine42', password: 'Loire-Sante42' } }));
    expect(unwrap(await sim.client.call('mesDependantDecision', { enrolmentId, dependantId: hugo!.id, decision: 'activate' })).dependant).toEqual({ id: hugo!.id, firstName: 'Hugo', status: 'active' });
    expect(unwrap(await sim.client.call('mesDependantDecision', { enrolmentId, dependantId: lea!.id, decision: 'oppose' })).dependant.status).toBe('opposed');
    const parent = await sim.persona('amandine-fontaine');
    expect(parent.mes.status).toBe('active');
    expect(parent.dependants.map((d) => [d.firstName, d.mes.status])).toEqual([
      ['Hugo', 'active'],
      ['Léa', 'opposed'],
      ['Jules', 'pending'],
    ]);
    expect(jules!.status).toBe('pending');
    expect(await sim.client.call('mesDependantDecision', { enrolmentId, dependantId: hugo!.id, decision: 'oppose' })).toMatchObject({ ok: false, error: { code: 'not_pending' } });
    expect(await sim.client.call('mesDependantDecision', { enrolmentId, dependantId: hugo!.id, decision: 'activate' })).toMatchObject({ ok: false, error: { code: 'not_pending' } });
    // The parent changes their mind for Léa.
    expect(unwrap(await sim.client.call('mesDependantDecision', { enrolmentId, dependantId: lea!.id, decision: 'activate' })).dependant.status).toBe('active');
  });

  it('belong to their parent only, and need a verified session', async () => {
    const session = await identify('amandine-fontaine');
    const hugo = session.dependants[0]!.id;
    expect(await sim.client.call('mesDependantDecision', { enrolmentId: session.enrolmentId, dependantId: hugo, decision: 'activate' })).toMatchObject({ ok: false, error: { code: 'not_verified' } });
    const other = await verifiedSession('camille-durand');
    expect(await sim.client.call('mesDependantDecision', { enrolmentId: other.enrolmentId, dependantId: hugo, decision: 'activate' })).toMatchObject({ ok: false, error: { code: 'unknown_dependant' } });
    expect(await sim.client.call('mesDependantDecision', { enrolmentId: other.enrolmentId, dependantId: 'no-such-child', decision: 'oppose' })).toMatchObject({ ok: false, error: { code: 'unknown_dependant' } });
  });
});

describe('closure', () => {
  const nicolas = { identifier: 'nicolas.petit44', password: 'Sante-Nicolas2024' };

  it('needs the right password', async () => {
    expect(await sim.client.call('mesClose', { ...nicolas, password: 'wrong', exportData: false, deleteData: false })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await sim.client.call('mesClose', { identifier: 'nobody-here', password: 'x', exportData: false, deleteData: false })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect((await sim.persona('nicolas-petit')).mes.status).toBe('active');
  });

  it('exports the data first (download link by e-mail) then deletes it for good', async () => {
    const closed = unwrap(await sim.client.call('mesClose', { ...nicolas, exportData: true, deleteData: true }));
    expect(closed).toEqual({ status: 'closed', exportSentTo: 'n***@e***.fr' });
    const mail = await sim.lastMessage('nicolas.petit@example.fr');
    expect(mail.link).toMatch(/\/sim\/links\/export\//);
    const download = await sim.get(new URL(mail.link!).pathname.replace(/^\/sim/, ''));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    const content = (await download.json()) as { documents: unknown[]; profile: { firstName: string } };
    expect(content.profile.firstName).toBe('Nicolas');
    expect(content.documents).toHaveLength(2);
    const persona = await sim.persona('nicolas-petit');
    expect(persona.mes).toMatchObject({ status: 'closed', documents: 0, dataDeleted: true });
    expect(persona.mes.identifier).toBeUndefined();
    await sim.advanceMinutes(7 * 24 * 60);
    expect((await sim.get(new URL(mail.link!).pathname.replace(/^\/sim/, ''))).status).toBe(410);
  });

  it('keeps the data when no deletion is asked, and sends nothing without export', async () => {
    expect(unwrap(await sim.client.call('mesClose', { ...nicolas, exportData: false, deleteData: false }))).toEqual({ status: 'closed' });
    expect(await sim.outbox('nicolas.petit@example.fr')).toEqual([]);
    expect((await sim.persona('nicolas-petit')).mes).toMatchObject({ status: 'closed', documents: 2, dataDeleted: false });
  });

  it('closes only an active profile', async () => {
    unwrap(await sim.client.call('mesClose', { ...nicolas, exportData: false, deleteData: false }));
    expect(await sim.client.call('mesClose', { ...nicolas, exportData: false, deleteData: false })).toMatchObject({ ok: false, error: { code: 'not_active' } });
    expect(await sim.client.call('mesClose', { identifier: 'thomas.girard33', password: 'Ancien-Mdp2023', exportData: false, deleteData: false })).toMatchObject({
      ok: false,
      error: { code: 'not_active' },
    });
  });

  it('lets a closed profile be activated again with a new provisional code, its kept data back', async () => {
    unwrap(await sim.client.call('mesClose', { ...nicolas, exportData: false, deleteData: false }));
    const closed = await sim.persona('nicolas-petit');
    expect(await sim.client.call('mesIdentify', identification(closed))).toMatchObject({ ok: false, error: { code: 'identification_failed' } });
    unwrap(await sim.client.call('mesNewProvisionalCode', { nir: closed.nir, birthDate: isoDate(closed.birthDate), cardType: 'photo', delivery: 'email' }));
    const { enrolmentId, profile } = await verifiedSession('nicolas-petit');
    expect(profile.status).toBe('closed');
    unwrap(await sim.client.call('mesActivate', { enrolmentId, ...{ identifier: nicolas.identifier, password: 'Retour-Nicolas2026' } }));
    expect((await sim.persona('nicolas-petit')).mes).toMatchObject({ status: 'active', identifier: nicolas.identifier, documents: 2 });
  });

  it('lets the seeded closed person come back with a new code', async () => {
    const thomas = await sim.persona('thomas-girard');
    unwrap(await sim.client.call('mesNewProvisionalCode', { nir: thomas.nir, birthDate: isoDate(thomas.birthDate), cardType: 'photo', delivery: 'post' }));
    const { enrolmentId } = await verifiedSession('thomas-girard');
    expect(unwrap(await sim.client.call('mesActivate', { enrolmentId, ...{ identifier: 'thomas.girard33', password: 'Bordeaux-2026' } })).profile.status).toBe('active');
  });
});
