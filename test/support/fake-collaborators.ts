/**
 * Small stand-ins for the engine's collaborators, for unit tests of the engine alone: a keyword
 * NLU, simple validators, a knowledge base with the facts the dialogs name, a scripted backend,
 * and memory handoff and feedback stores. Integration and transcript tests use the real ones.
 */
import type { BackendClient, BackendResult, OperationName, OperationResult } from '../../src/backend/client/types.js';
import { isValidNir, nirKind } from '../../src/domain/nir.js';
import type { HandoffQueue, HandoffRequest } from '../../src/handoff/types.js';
import type { FeedbackStore } from '../../src/feedback/types.js';
import type { EntryAnswer, KnowledgeBase, KnowledgeEntrySummary } from '../../src/knowledge/types.js';
import type { Entity, Expectation, Language, Nlu, ParseResult, Validation, Validator } from '../../src/nlu/types.js';

export const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Keyword rules, most specific first. */
const INTENT_RULES: Array<[string, RegExp]> = [
  ['handoff.agent', /conseiller|advisor|humain|agent/],
  ['cancel', /^(annuler|annule|stop|arrete|cancel|laisse tomber)\b/],
  ['help', /^(aide|help|a l aide)$/],
  ['mes.provisional_code', /code provisoire|provisional code/],
  ['mes.close', /clotur|close my|fermer mon espace/],
  ['mes.oppose', /oppos|opt out|refuser la creation/],
  ['mes.activate', /activ.*espace sante|activate/],
  ['account.password_reset', /mot de passe|mdp|password|lien ne marche/],
  ['account.create', /creer.*compte|create.*account|ouvrir un compte/],
  ['contact.phone', /contacter|joindre|numero de telephone|telephone|contact|appeler/],
  ['mes.documents', /documents?.*espace|ajouter un document/],
  ['mes.info', /c est quoi mon espace sante|what is mon espace/],
  ['card.vitale_lost', /carte vitale perdue|perdu ma carte/],
  ['greeting', /^(bonjour|salut|hello|hi|bonsoir)\b/],
  ['thanks', /^merci\b|^thanks?\b/],
  ['goodbye', /^(au revoir|bye|goodbye)\b/],
  ['affirm', /^(oui|yes|ok|d accord)\b/],
  ['deny', /^(non|no)\b/],
];

const ENGLISH = /\b(the|my|i|is|what|how|hello|forgot|password|account|please|want|to|in|english)\b/;

function entities(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of text.matchAll(/(?<![\d])[1-478](?:[\s.]?\d){12,14}(?!\d)/g)) {
    const value = m[0].replace(/[\s.]/g, '');
    out.push({ type: 'nir', value, start: m.index, end: m.index + m[0].length, ...(value.length === 15 && !isValidNir(value) ? { valid: false, reason: 'key_mismatch' } : {}) });
  }
  for (const m of text.matchAll(/\b(\d{2})\/(\d{2})\/(\d{4})\b/g)) {
    out.push({ type: 'birth_date', value: `${m[3]}-${m[2]}-${m[1]}`, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g)) out.push({ type: 'email', value: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

export function createFakeNlu(): Nlu & { calls: number } {
  const nlu = {
    calls: 0,
    parse(text: string, options: { expect?: Expectation } = {}): ParseResult {
      nlu.calls += 1;
      const n = norm(text);
      const rule = INTENT_RULES.find(([, re]) => re.test(n));
      const name = rule?.[0] ?? 'out_of_scope';
      const language: Language = ENGLISH.test(n) ? 'en' : 'fr';
      const result: ParseResult = {
        text,
        language,
        intent: { name, confidence: rule ? 0.9 : 0.2 },
        ranking: [{ name, confidence: rule ? 0.9 : 0.2 }],
        entities: entities(text),
      };
      if (/voir.*mot de passe.*compte/.test(n)) {
        result.closeCall = [
          { name: 'account.password_reset', confidence: 0.5 },
          { name: 'account.create', confidence: 0.48 },
        ];
      }
      const expect = options.expect;
      if (expect?.kind === 'choice' && n) {
        let best: { id: string; length: number } | undefined;
        for (const option of expect.options) {
          for (const synonym of option.synonyms) {
            const s = norm(synonym);
            if (s && (n === s || ` ${n} `.includes(` ${s} `)) && (!best || s.length > best.length)) best = { id: option.id, length: s.length };
          }
        }
        if (best) result.choice = best.id;
      }
      return result;
    },
  };
  return nlu;
}

const fail = (reason: string, details?: Record<string, string | number | boolean>): Validation => ({ ok: false, reason, ...(details ? { details } : {}) });

export const fakeValidators: Record<string, Validator> = {
  nir: (text) => {
    const c = text.replace(/[\s.-]/g, '').toUpperCase();
    if (!c) return fail('empty');
    if (!/^[0-9AB]+$/.test(c)) return fail('not_a_nir');
    if (c.length < 13) return fail('too_short', { missing: 15 - c.length });
    if (c.length === 14) return fail('too_short', { missing: 1 });
    if (c.length > 15) return fail('too_long', { extra: c.length - 15 });
    if (c.length === 15 && !isValidNir(c)) return fail('key_mismatch');
    return { ok: true, value: c, details: { kind: nirKind(c), withKey: c.length === 15 } };
  },
  birth_date: (text, { now }) => {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
    if (!m) return fail('not_a_date');
    const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    const d = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[1])) return fail('invalid_date');
    if (d.getTime() > now.getTime()) return fail('future');
    return { ok: true, value: iso };
  },
  postal_code: (text) => (/^\d{5}$/.test(text.trim()) ? { ok: true, value: text.trim() } : fail('not_a_postal_code')),
  email: (text) => (/^[\w.+-]+@[\w-]+(\.[\w-]+)+$/.test(text.trim()) ? { ok: true, value: text.trim() } : fail('not_an_email')),
  phone: (text) => (/^(?:\+33|0)[1-9](?:[\s.]?\d{2}){4}$/.test(text.trim()) ? { ok: true, value: text.replace(/[\s.]/g, '') } : fail('not_a_mobile')),
  provisional_code: (text) => {
    const c = text.replace(/\s/g, '');
    if (!/^[A-Za-z0-9]*$/.test(c)) return fail('invalid_characters');
    return c.length === 12 ? { ok: true, value: c.toUpperCase() } : fail('wrong_length', { length: c.length, expected: 12 });
  },
  vitale_serial: (text) => {
    const c = text.replace(/\s/g, '');
    if (!/^\d+$/.test(c)) return fail('not_digits');
    return c.length >= 8 && c.length <= 12 ? { ok: true, value: c } : fail('wrong_length', { length: c.length, expected: 11 });
  },
  yes_no: (text) => {
    const n = norm(text);
    if (/^(oui|yes|ok|d accord|bien sur|ouais)\b/.test(n)) return { ok: true, value: 'yes' };
    if (/^(non|no|pas du tout)\b/.test(n)) return { ok: true, value: 'no' };
    return fail('not_understood');
  },
  email_or_sms: (text) => {
    const n = norm(text);
    if (/sms|texto|telephone|text/.test(n)) return { ok: true, value: 'sms' };
    if (/mail|courriel/.test(n)) return { ok: true, value: 'email' };
    return fail('not_understood');
  },
  card_type: (text) => {
    const n = norm(text);
    if (/sans|without/.test(n)) return { ok: true, value: 'sans_photo' };
    if (/avec|with|photo/.test(n)) return { ok: true, value: 'photo' };
    return fail('not_understood');
  },
};

/** The facts the dialogs name, as the knowledge base words them (knowledge/entries/*.json). */
export const FAKE_FACTS: Record<string, { fr: string; en: string }> = {
  'password-reset.link_validity': { fr: '30 minutes', en: '30 minutes' },
  'mes-activation.nir_length': { fr: '15 chiffres', en: '15 digits' },
  'mes-activation.vitale_serial': { fr: 'les 11 derniers chiffres', en: 'the last 11 digits' },
  'mes-activation.code_validity': { fr: 'valable 15 minutes', en: 'valid for 15 minutes' },
  'mes-provisional-code.validity': { fr: '1 mois à partir de la réception', en: '1 month from receipt' },
  'mes-provisional-code.code_length': { fr: '12 caractères', en: '12 characters' },
  'mes-opposition.delay_letter': { fr: '1 mois à partir de la réception du courrier', en: '1 month after receiving the letter' },
  'mes-opposition.delay_training': { fr: "1 mois et 10 jours après l'envoi du courrier", en: '1 month and 10 days after the letter was sent' },
  'mes-opposition.delay_workshop': { fr: '6 semaines après la réception du mail ou du courrier', en: '6 weeks after receiving the e-mail or letter' },
  'contacts.phone': { fr: '3646', en: '3646' },
  'contacts.phone_price': { fr: 'service gratuit + prix appel', en: 'free service + price of the call' },
  'contacts.phone_english': { fr: '09 74 75 36 46', en: '09 74 75 36 46' },
  'contacts.phone_abroad': { fr: '0033 974 75 36 46', en: '0033 974 75 36 46' },
  'mes-contact.phone': { fr: '3422', en: '3422' },
  'mes-contact.phone_price': { fr: 'service gratuit + prix appel', en: 'free service + price of the call' },
};

const ENTRIES: KnowledgeEntrySummary[] = [
  { id: 'mes-info', title: "Qu'est-ce que Mon espace santé ?", intents: ['mes.info'], topic: 'mes' },
  { id: 'mes-documents', title: 'Les documents dans Mon espace santé', intents: ['mes.documents'], topic: 'mes' },
  { id: 'card-vitale-lost', title: 'Carte Vitale perdue ou volée', intents: ['card.vitale_lost'], topic: 'carte' },
];

export function createFakeKnowledge(facts: Record<string, { fr: string; en: string }> = FAKE_FACTS): KnowledgeBase {
  const find = (intent: string) => ENTRIES.find((e) => e.intents.some((i) => intent === i || intent.startsWith(`${i}.`)));
  return {
    entryForIntent: find,
    get: (id) => ENTRIES.find((e) => e.id === id),
    search: (query) =>
      /vitale/i.test(query) ? [{ id: 'card-vitale-lost', title: 'Carte Vitale perdue ou volée', score: 0.1, answer: '…', topic: 'carte' }] : [],
    answer: (id, options): EntryAnswer => {
      const entry = ENTRIES.find((e) => e.id === id);
      // Answer data only, as with the real knowledge base: the engine renders it and asks the feedback question.
      return { entryId: id, title: entry?.title ?? '', text: `[KB ${id}] ${entry?.title ?? ''}`, language: options.language, frenchOnly: false, facts: [], followUps: [], sources: [] };
    },
    all: () => ENTRIES,
    fact: (ref, language = 'fr') => facts[ref]?.[language],
  };
}

export function createMemoryFeedback(): FeedbackStore & { records: Array<{ entryId: string; helpful: boolean }> } {
  const records: Array<{ entryId: string; helpful: boolean }> = [];
  return {
    records,
    record: (entryId, helpful) => {
      records.push({ entryId, helpful });
      return Promise.resolve();
    },
    counts: () => {
      const out: Record<string, { yes: number; no: number }> = {};
      for (const r of records) {
        const c = (out[r.entryId] ??= { yes: 0, no: 0 });
        if (r.helpful) c.yes += 1;
        else c.no += 1;
      }
      return Promise.resolve(out);
    },
  };
}

export function createMemoryHandoffs(): HandoffQueue & { requests: HandoffRequest[] } {
  const requests: HandoffRequest[] = [];
  return {
    requests,
    create: (r) => {
      const request: HandoffRequest = { ...r, mode: r.mode ?? 'callback', subject: r.subject ?? r.topic, id: `h${requests.length + 1}`, createdAt: '2026-01-15T09:00:00.000Z', status: 'waiting' };
      requests.push(request);
      return Promise.resolve(request);
    },
    list: () => Promise.resolve(requests),
    get: (id) => Promise.resolve(requests.find((r) => r.id === id)),
    take: () => Promise.resolve(undefined),
  };
}

type AnyResult = BackendResult<unknown, string>;

/**
 * A backend whose every operation answers what the test scripted (a queue per operation), or a
 * plausible success by default. Calls are recorded with their arguments.
 */
export function createScriptedBackend(): BackendClient & {
  calls: Array<{ operation: OperationName; input: unknown }>;
  script(operation: OperationName, ...results: AnyResult[]): void;
} {
  const queues = new Map<string, AnyResult[]>();
  const calls: Array<{ operation: OperationName; input: unknown }> = [];
  const defaults: Record<OperationName, unknown> = {
    createAccount: { emailMasked: 'c***@e***.fr' },
    requestPasswordReset: { emailMasked: 'c***@e***.fr', linkValidMinutes: 30 },
    resetLinkStatus: { status: 'valid' },
    setNewPassword: { status: 'changed' },
    login: { otpSentTo: 'c***@e***.fr', loginId: 'l1' },
    verifyLoginOtp: { status: 'logged_in' },
    mesIdentify: {
      enrolmentId: 'enr-1',
      profile: { id: 'p1', firstName: 'Inaya', status: 'pending' },
      dependants: [
        { id: 'd1', firstName: 'Mathis', status: 'pending' },
        { id: 'd2', firstName: 'Lola', status: 'pending' },
      ],
      contacts: { emailMasked: 'i***@g***.com', phoneMasked: '+33 6 ** ** ** 15' },
    },
    mesNewProvisionalCode: { delivery: 'email', sentTo: 'i***@g***.com', validDays: 30 },
    mesSendAccessCode: { channel: 'sms', sentTo: '+33 6 ** ** ** 15', expiresAt: '2026-01-15T09:15:00.000Z' },
    mesVerifyAccessCode: { status: 'verified' },
    mesActivate: {
      profile: { id: 'p1', firstName: 'Inaya', status: 'active' },
      dependants: [
        { id: 'd1', firstName: 'Mathis', status: 'pending' },
        { id: 'd2', firstName: 'Lola', status: 'pending' },
      ],
    },
    mesOppose: { profile: { id: 'p1', firstName: 'Inaya', status: 'opposed' }, dependants: [] },
    mesDependantDecision: { dependant: { id: 'd1', firstName: 'Mathis', status: 'active' } },
    mesClose: { status: 'closed' },
  };
  const client: BackendClient = {
    call<K extends OperationName>(operation: K, input: unknown): Promise<OperationResult<K>> {
      calls.push({ operation, input });
      const queued = queues.get(operation)?.shift();
      // Scripted results are plain data the test wrote for this operation.
      return Promise.resolve((queued ?? { ok: true, value: defaults[operation] }) as OperationResult<K>);
    },
  };
  return Object.assign(client, {
    calls,
    script(operation: OperationName, ...results: AnyResult[]) {
      queues.set(operation, [...(queues.get(operation) ?? []), ...results]);
    },
  });
}

export const CONTRACT_INTENTS = [
  'account.create',
  'account.password_reset',
  'account.login_help',
  'account.info',
  'account.eligibility',
  'account.update_details',
  'mes.activate',
  'mes.oppose',
  'mes.close',
  'mes.provisional_code',
  'mes.child_profile',
  'mes.info',
  'mes.login',
  'mes.documents',
  'card.vitale',
  'card.vitale_lost',
  'card.apcv',
  'card.ceam',
  'doc.attestation',
  'prescription.digital',
  'appointment.find_doctor',
  'contact.phone',
  'handoff.agent',
  'greeting',
  'thanks',
  'goodbye',
  'help',
  'cancel',
  'affirm',
  'deny',
  'out_of_scope',
];
