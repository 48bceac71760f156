import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { defaultPersons, personaView } from '../../../../src/backend/simulator/index.js';
import { checkAmeliPassword, checkMesIdentifier, checkMesPassword } from '../../../../src/domain/password-policy.js';
import { isValidNir, nirKind } from '../../../../src/domain/nir.js';

const NOW = new Date('2026-01-15T09:00:00.000Z');
const persons = defaultPersons(NOW);
const byId = new Map(persons.map((p) => [p.id, p]));
const views = persons.filter((p) => p.listed).map((p) => personaView(p, p.dependantIds.map((id) => byId.get(id)!), NOW));

/** The persona shape of CONTRACT.md ("each with at least …"). */
const contractSchema = {
  type: 'object',
  required: ['id', 'firstName', 'lastName', 'nir', 'birthDate', 'email', 'phone', 'postalCode', 'isDependant', 'ameliAccount', 'mes', 'dependants'],
  properties: {
    id: { type: 'string' },
    firstName: { type: 'string' },
    lastName: { type: 'string' },
    nir: { type: 'string', pattern: '^[1-478][0-9]{4}(?:[0-9]{2}|2[AB])[0-9]{8}$' },
    birthDate: { type: 'string', pattern: '^[0-9]{2}/[0-9]{2}/[0-9]{4}$' },
    email: { type: 'string' },
    phone: { type: 'string' },
    postalCode: { type: 'string' },
    isDependant: { type: 'boolean' },
    ameliAccount: { enum: ['none', 'active'] },
    ameliPassword: { type: 'string' },
    mes: {
      type: 'object',
      required: ['status', 'provisionalCode', 'codeExpired', 'vitaleSerial', 'vitaleCardType'],
      properties: {
        status: { enum: ['pending', 'active', 'opposed', 'closed'] },
        provisionalCode: { type: 'string', pattern: '^[0-9A-Z]{12}$' },
        codeExpired: { type: 'boolean' },
        vitaleSerial: { type: 'string' },
        vitaleCardType: { enum: ['photo', 'sans_photo'] },
        identifier: { type: 'string' },
        password: { type: 'string' },
      },
    },
    dependants: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'firstName', 'birthDate', 'mes'],
        properties: { mes: { type: 'object', required: ['status'], properties: { status: { enum: ['pending', 'active', 'opposed', 'closed'] } } } },
      },
    },
  },
};

describe('seeded personas', () => {
  it('are at least ten people in the shape of CONTRACT.md', () => {
    expect(views.length).toBeGreaterThanOrEqual(10);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(contractSchema);
    for (const v of views) expect(validate(v), `${v.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(new Set(views.map((v) => v.id)).size).toBe(views.length);
  });

  it('all have a NIR with a valid key, one of them born in Corsica', () => {
    for (const p of persons) expect(isValidNir(p.nir), `${p.id} ${p.nir}`).toBe(true);
    expect(persons.some((p) => /^\d{5}2[AB]/.test(p.nir))).toBe(true);
    expect(new Set(persons.map((p) => p.nir)).size).toBe(persons.length);
  });

  it('have NIRs that agree with their sex-free birth year and month', () => {
    for (const p of persons.filter((x) => nirKind(x.nir) === 'nir')) {
      expect(p.nir.slice(1, 5), p.id).toBe(p.birthDate.slice(2, 4) + p.birthDate.slice(5, 7));
    }
  });

  it('cover every case of the issue', () => {
    const has = (label: string, predicate: (v: (typeof views)[number]) => boolean) => expect(views.some(predicate), label).toBe(true);
    has('no compte ameli yet (creatable)', (v) => v.ameliAccount === 'none' && !v.isDependant && v.nirKind === 'nir' && !v.ame);
    has('active compte ameli', (v) => v.ameliAccount === 'active' && typeof v.ameliPassword === 'string');
    has('MES pending with a valid code', (v) => v.mes.status === 'pending' && !v.mes.codeExpired);
    has('MES pending with an expired code', (v) => v.mes.status === 'pending' && v.mes.codeExpired);
    has('MES active', (v) => v.mes.status === 'active' && typeof v.mes.identifier === 'string' && typeof v.mes.password === 'string');
    has('MES opposed', (v) => v.mes.status === 'opposed');
    has('MES closed', (v) => v.mes.status === 'closed');
    has('a parent with 2 or 3 children awaiting a decision', (v) => v.dependants.length >= 2 && v.dependants.length <= 3 && v.dependants.every((d) => d.mes.status === 'pending'));
    has('a NIA (7 or 8)', (v) => v.nirKind === 'nia' && /^[78]/.test(v.nir));
    has('an ayant droit', (v) => v.isDependant);
  });

  it('show the first persona as one who can create a compte ameli', () => {
    const first = views[0]!;
    expect(first).toMatchObject({ ameliAccount: 'none', isDependant: false, nirKind: 'nir', ame: false });
  });

  it('have passwords and identifiers that follow the rules of the sources', () => {
    for (const p of persons) {
      if (p.ameli.password) expect(checkAmeliPassword(p.ameli.password), p.id).toEqual([]);
      if (p.mes.password) expect(checkMesPassword(p.mes.password), p.id).toEqual([]);
      if (p.mes.identifier) expect(checkMesIdentifier(p.mes.identifier), p.id).toEqual([]);
    }
  });

  it('show identifier and password only where the profile is active', () => {
    for (const v of views) {
      expect('identifier' in v.mes, v.id).toBe(v.mes.status === 'active');
      expect('password' in v.mes, v.id).toBe(v.mes.status === 'active');
      expect('ameliPassword' in v, v.id).toBe(v.ameliAccount === 'active');
    }
  });

  it('mark a pending code expired one month after it was received', () => {
    const pending = persons.find((p) => p.id === 'camille-durand')!;
    const issued = new Date(pending.mes.codeIssuedAt);
    const expiry = new Date(pending.mes.codeExpiresAt);
    expect(expiry.getUTCMonth()).toBe((issued.getUTCMonth() + 1) % 12);
    const justBefore = new Date(expiry.getTime() - 1000);
    expect(personaView(pending, [], justBefore).mes.codeExpired).toBe(false);
    expect(personaView(pending, [], expiry).mes.codeExpired).toBe(true);
  });
});
