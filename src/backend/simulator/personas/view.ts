/**
 * What `GET /sim/personas` shows of a person: the shape CONTRACT.md fixes (plus a few extra
 * fields), computed from the current records and the simulated time, so that whatever changed
 * through the assistant shows at once.
 */
import { nirKind } from '../../../domain/nir.js';
import type { CardType, MesStatus } from '../../api-schemas/index.js';
import type { PersonRepo } from '../store/persons.js';
import type { PersonRecord } from '../store/records.js';

export interface PersonaDependantView {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  nir: string;
  mes: { status: MesStatus; provisionalCode: string; codeExpired: boolean; codeValidUntil: string };
}

export interface PersonaView {
  id: string;
  case: string;
  firstName: string;
  lastName: string;
  nir: string;
  nirKind: 'nir' | 'nia';
  /** JJ/MM/AAAA */
  birthDate: string;
  email: string | null;
  phone: string | null;
  postalCode: string;
  isDependant: boolean;
  holderId?: string;
  ame: boolean;
  ameliAccount: 'none' | 'active';
  /** An activation e-mail was sent and its link not used yet. */
  ameliAccountPending: boolean;
  ameliPassword?: string;
  mes: {
    status: MesStatus;
    provisionalCode: string;
    /** True when the code can no longer be used: older than 1 month, or used for a decision. */
    codeExpired: boolean;
    codeValidUntil: string;
    vitaleSerial: string | null;
    vitaleCardType: CardType | null;
    identifier?: string;
    password?: string;
    documents: number;
    dataDeleted: boolean;
  };
  dependants: PersonaDependantView[];
}

/** "1985-03-12" → "12/03/1985" */
export function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d ?? ''}/${m ?? ''}/${y ?? ''}`;
}

function codeExpired(person: PersonRecord, now: Date): boolean {
  return !person.mes.codeUsable || new Date(person.mes.codeExpiresAt).getTime() <= now.getTime();
}

export function personaView(person: PersonRecord, dependants: PersonRecord[], now: Date): PersonaView {
  const active = person.mes.status === 'active';
  return {
    id: person.id,
    case: person.caseLabel,
    firstName: person.firstName,
    lastName: person.lastName,
    nir: person.nir,
    nirKind: nirKind(person.nir),
    birthDate: frenchDate(person.birthDate),
    email: person.email ?? null,
    phone: person.phone ?? null,
    postalCode: person.postalCode,
    isDependant: person.isDependant,
    ...(person.holderId ? { holderId: person.holderId } : {}),
    ame: person.ame,
    ameliAccount: person.ameli.status === 'active' ? 'active' : 'none',
    ameliAccountPending: person.ameli.status === 'pending',
    ...(person.ameli.status === 'active' && person.ameli.password ? { ameliPassword: person.ameli.password } : {}),
    mes: {
      status: person.mes.status,
      provisionalCode: person.mes.provisionalCode,
      codeExpired: codeExpired(person, now),
      codeValidUntil: person.mes.codeExpiresAt,
      vitaleSerial: person.card?.serial ?? null,
      vitaleCardType: person.card?.type ?? null,
      ...(active && person.mes.identifier ? { identifier: person.mes.identifier } : {}),
      ...(active && person.mes.password ? { password: person.mes.password } : {}),
      documents: person.mes.documents.length,
      dataDeleted: person.mes.dataDeleted,
    },
    dependants: dependants.map((d) => ({
      id: d.id,
      firstName: d.firstName,
      lastName: d.lastName,
      birthDate: frenchDate(d.birthDate),
      nir: d.nir,
      mes: { status: d.mes.status, provisionalCode: d.mes.provisionalCode, codeExpired: codeExpired(d, now), codeValidUntil: d.mes.codeExpiresAt },
    })),
  };
}

/** A person as /sim/personas shows them, with their children, at the simulated time. */
export async function viewOf(ctx: { persons: PersonRepo; clock: { now(): Date } }, person: PersonRecord): Promise<PersonaView> {
  const dependants = (await Promise.all(person.dependantIds.map((id) => ctx.persons.get(id)))).filter((p): p is PersonRecord => p !== undefined);
  return personaView(person, dependants, ctx.clock.now());
}

/** The personas shown at the top level, in seed order. */
export async function listPersonas(ctx: { persons: PersonRepo; clock: { now(): Date } }): Promise<PersonaView[]> {
  const persons = await Promise.all((await ctx.persons.listedIds()).map((id) => ctx.persons.get(id)));
  return Promise.all(persons.filter((p): p is PersonRecord => p !== undefined).map((p) => viewOf(ctx, p)));
}
