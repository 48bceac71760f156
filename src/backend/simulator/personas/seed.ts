/**
 * The fictional people of the simulated caisse. Every NIR is built with its real key
 * (97 − number mod 97; Corsica 2A/2B counted as 19/18), every name, address and number is
 * invented, and e-mail addresses use the reserved example.fr domain. Dates of codes are relative
 * to the moment of seeding, so that "valid" and "expired" hold whenever the simulator starts.
 */
import { withKey } from '../../../domain/nir.js';
import { addMonths, PROVISIONAL_CODE_MONTHS } from '../rules.js';
import type { CardType, MesStatus } from '../../api-schemas/index.js';
import type { MesDocument, PersonRecord } from '../store/records.js';

const DAY_MS = 86_400_000;

type CodeAge = 'valid' | 'expired' | 'used';

interface MesSeed {
  status: MesStatus;
  code: string;
  codeAge: CodeAge;
  identifier?: string;
  password?: string;
  documents?: MesDocument[];
}

interface PersonSeed {
  id: string;
  caseLabel: string;
  firstName: string;
  lastName: string;
  /** 13 characters; the key is computed. */
  nirBody: string;
  birthDate: string;
  email?: string;
  phone?: string;
  postalCode: string;
  isDependant?: boolean;
  holderId?: string;
  ame?: boolean;
  listed?: boolean;
  card?: { serial: string; type: CardType };
  ameli?: { password: string };
  mes: MesSeed;
  dependantIds?: string[];
}

const SEEDS: readonly PersonSeed[] = [
  {
    id: 'camille-durand',
    caseLabel: 'Pas encore de compte ameli ; Mon espace santé en attente, code provisoire valide ; née en Corse-du-Sud (2A)',
    firstName: 'Camille',
    lastName: 'Durand',
    nirBody: '288072A004123',
    birthDate: '1988-07-14',
    email: 'camille.durand@example.fr',
    phone: '0612345601',
    postalCode: '20000',
    card: { serial: '80250000101', type: 'photo' },
    mes: { status: 'pending', code: 'K7M2P9X4R8TQ', codeAge: 'valid' },
  },
  {
    id: 'julien-moreau',
    caseLabel: 'Compte ameli actif ; Mon espace santé en attente, code provisoire valide',
    firstName: 'Julien',
    lastName: 'Moreau',
    nirBody: '1790375056234',
    birthDate: '1979-03-22',
    email: 'julien.moreau@example.fr',
    phone: '0612345602',
    postalCode: '75011',
    card: { serial: '80250000202', type: 'photo' },
    ameli: { password: 'Soleil-2024' },
    mes: { status: 'pending', code: 'B3N8W5Z2H6LA', codeAge: 'valid' },
  },
  {
    id: 'sophie-lefevre',
    caseLabel: 'Compte ameli actif ; Mon espace santé en attente, code provisoire expiré (reçu il y a 40 jours)',
    firstName: 'Sophie',
    lastName: 'Lefèvre',
    nirBody: '2921169123345',
    birthDate: '1992-11-05',
    email: 'sophie.lefevre@example.fr',
    phone: '0612345603',
    postalCode: '69003',
    card: { serial: '80250000303', type: 'sans_photo' },
    ameli: { password: 'Riviere2023' },
    mes: { status: 'pending', code: 'F9D4S7J2Q5VE', codeAge: 'expired' },
  },
  {
    id: 'nicolas-petit',
    caseLabel: 'Compte ameli actif ; Mon espace santé actif (identifiant et mot de passe connus)',
    firstName: 'Nicolas',
    lastName: 'Petit',
    nirBody: '1850544109456',
    birthDate: '1985-05-30',
    email: 'nicolas.petit@example.fr',
    phone: '0612345604',
    postalCode: '44000',
    card: { serial: '80250000404', type: 'photo' },
    ameli: { password: 'Nantes-44' },
    mes: {
      status: 'active',
      code: 'M5T8Y3U6C9RG',
      codeAge: 'used',
      identifier: 'nicolas.petit44',
      password: 'Sante-Nicolas2024',
      documents: [
        { name: 'Compte rendu de consultation', date: '2025-11-12', category: 'Comptes rendus' },
        { name: 'Ordonnance', date: '2025-11-12', category: 'Ordonnances et soins' },
      ],
    },
  },
  {
    id: 'isabelle-roux',
    caseLabel: "Pas de compte ameli ; opposée à la création de Mon espace santé (peut l'activer plus tard avec un nouveau code)",
    firstName: 'Isabelle',
    lastName: 'Roux',
    nirBody: '2680213055567',
    birthDate: '1968-02-18',
    email: 'isabelle.roux@example.fr',
    phone: '0612345605',
    postalCode: '13001',
    card: { serial: '80250000505', type: 'sans_photo' },
    mes: { status: 'opposed', code: 'H2K6P4W8N3XB', codeAge: 'used' },
  },
  {
    id: 'thomas-girard',
    caseLabel: 'Compte ameli actif ; Mon espace santé clôturé (réactivable avec un nouveau code provisoire)',
    firstName: 'Thomas',
    lastName: 'Girard',
    nirBody: '1900933063678',
    birthDate: '1990-09-09',
    email: 'thomas.girard@example.fr',
    phone: '0612345606',
    postalCode: '33000',
    card: { serial: '80250000606', type: 'photo' },
    ameli: { password: 'Bordeaux33' },
    mes: { status: 'closed', code: 'R8V3L7D2Z5MC', codeAge: 'used', identifier: 'thomas.girard33', password: 'Ancien-Mdp2023' },
  },
  {
    id: 'amandine-fontaine',
    caseLabel: 'Parent : compte ameli actif ; Mon espace santé en attente (code valide) ; 3 enfants dont les profils attendent une décision',
    firstName: 'Amandine',
    lastName: 'Fontaine',
    nirBody: '2840442218789',
    birthDate: '1984-04-02',
    email: 'amandine.fontaine@example.fr',
    phone: '0612345607',
    postalCode: '42000',
    card: { serial: '80250000707', type: 'photo' },
    ameli: { password: 'Loire-2024' },
    mes: { status: 'pending', code: 'T4G9Q2E6Y8JD', codeAge: 'valid' },
    dependantIds: ['hugo-fontaine', 'lea-fontaine', 'jules-fontaine'],
  },
  {
    id: 'hugo-fontaine',
    caseLabel: "Enfant d'Amandine Fontaine : profil en attente de décision",
    firstName: 'Hugo',
    lastName: 'Fontaine',
    nirBody: '1130642218512',
    birthDate: '2013-06-11',
    postalCode: '42000',
    isDependant: true,
    holderId: 'amandine-fontaine',
    listed: false,
    mes: { status: 'pending', code: 'A6C3F8H2K5NP', codeAge: 'valid' },
  },
  {
    id: 'lea-fontaine',
    caseLabel: "Enfant d'Amandine Fontaine : profil en attente de décision",
    firstName: 'Léa',
    lastName: 'Fontaine',
    nirBody: '2160942218623',
    birthDate: '2016-09-23',
    postalCode: '42000',
    isDependant: true,
    holderId: 'amandine-fontaine',
    listed: false,
    mes: { status: 'pending', code: 'U7W2R9T4B6ZS', codeAge: 'valid' },
  },
  {
    id: 'jules-fontaine',
    caseLabel: "Enfant d'Amandine Fontaine : profil en attente de décision",
    firstName: 'Jules',
    lastName: 'Fontaine',
    nirBody: '1200142218734',
    birthDate: '2020-01-15',
    postalCode: '42000',
    isDependant: true,
    holderId: 'amandine-fontaine',
    listed: false,
    mes: { status: 'pending', code: 'E3L8M5X2V9QY', codeAge: 'valid' },
  },
  {
    id: 'karim-haddad',
    caseLabel: "Numéro provisoire (NIA commençant par 7) : pas d'accès au compte ameli",
    firstName: 'Karim',
    lastName: 'Haddad',
    nirBody: '7951299352123',
    birthDate: '1995-12-03',
    email: 'karim.haddad@example.fr',
    phone: '0612345608',
    postalCode: '59000',
    card: { serial: '80250000808', type: 'photo' },
    mes: { status: 'pending', code: 'N6P3S8G4J7KF', codeAge: 'valid' },
  },
  {
    id: 'emma-garnier',
    caseLabel: 'Ayant droit de Marc Garnier : pas de compte ameli personnel ; Mon espace santé en attente, code valide',
    firstName: 'Emma',
    lastName: 'Garnier',
    nirBody: '2050321231890',
    birthDate: '2005-03-08',
    email: 'emma.garnier@example.fr',
    phone: '0612345609',
    postalCode: '21000',
    isDependant: true,
    holderId: 'marc-garnier',
    card: { serial: '80250000909', type: 'photo' },
    mes: { status: 'pending', code: 'W2Y7D5B9H3TR', codeAge: 'valid' },
  },
  {
    id: 'marc-garnier',
    caseLabel: "Ouvreur de droits d'Emma Garnier : pas encore de compte ameli ; Mon espace santé en attente (carte sans photo)",
    firstName: 'Marc',
    lastName: 'Garnier',
    nirBody: '1721021231901',
    birthDate: '1972-10-27',
    email: 'marc.garnier@example.fr',
    phone: '0612345610',
    postalCode: '21000',
    card: { serial: '80250001010', type: 'sans_photo' },
    mes: { status: 'pending', code: 'Z8Q4C6N2L7MV', codeAge: 'valid' },
  },
  {
    id: 'lucie-bonnet',
    caseLabel: "Bénéficiaire de l'Aide médicale de l'État (AME) : pas d'accès au compte ameli",
    firstName: 'Lucie',
    lastName: 'Bonnet',
    nirBody: '2870631555246',
    birthDate: '1987-06-19',
    email: 'lucie.bonnet@example.fr',
    phone: '0612345611',
    postalCode: '31000',
    ame: true,
    card: { serial: '80250001111', type: 'sans_photo' },
    mes: { status: 'pending', code: 'G5J9U3K7R2PE', codeAge: 'valid' },
  },
];

function codeDates(age: CodeAge, now: Date): { issuedAt: Date; expiresAt: Date } {
  // "valid": received 5 days ago; "expired": received 40 days ago (1 month and 10 days);
  // "used": received 3 months ago and used since.
  const daysAgo = age === 'valid' ? 5 : age === 'expired' ? 40 : 90;
  const issuedAt = new Date(now.getTime() - daysAgo * DAY_MS);
  return { issuedAt, expiresAt: addMonths(issuedAt, PROVISIONAL_CODE_MONTHS) };
}

function toRecord(seed: PersonSeed, now: Date): PersonRecord {
  const { issuedAt, expiresAt } = codeDates(seed.mes.codeAge, now);
  return {
    id: seed.id,
    firstName: seed.firstName,
    lastName: seed.lastName,
    nir: withKey(seed.nirBody),
    birthDate: seed.birthDate,
    ...(seed.email ? { email: seed.email } : {}),
    ...(seed.phone ? { phone: seed.phone } : {}),
    postalCode: seed.postalCode,
    isDependant: seed.isDependant ?? false,
    ...(seed.holderId ? { holderId: seed.holderId } : {}),
    ame: seed.ame ?? false,
    listed: seed.listed ?? true,
    caseLabel: seed.caseLabel,
    ...(seed.card ? { card: seed.card } : {}),
    ameli: seed.ameli && seed.email ? { status: 'active', email: seed.email, password: seed.ameli.password } : { status: 'none' },
    mes: {
      status: seed.mes.status,
      provisionalCode: seed.mes.code,
      codeIssuedAt: issuedAt.toISOString(),
      codeExpiresAt: expiresAt.toISOString(),
      codeUsable: seed.mes.codeAge !== 'used',
      ...(seed.mes.identifier ? { identifier: seed.mes.identifier } : {}),
      ...(seed.mes.password ? { password: seed.mes.password } : {}),
      documents: seed.mes.documents ?? [],
      dataDeleted: false,
    },
    dependantIds: seed.dependantIds ?? [],
  };
}

/** The seeded people, as of `now`. */
export function defaultPersons(now: Date): PersonRecord[] {
  return SEEDS.map((seed) => toRecord(seed, now));
}
