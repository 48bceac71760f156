import type { CardType, Channel, MesStatus } from '../../api-schemas/index.js';

/** A fictional document kept in a Mon espace santé profile (what an export contains). */
export interface MesDocument {
  name: string;
  date: string;
  category: string;
}

export interface MesRecord {
  status: MesStatus;
  provisionalCode: string;
  codeIssuedAt: string;
  codeExpiresAt: string;
  /** False once the code was used for a decision (activation, opposition) or the profile closed. */
  codeUsable: boolean;
  identifier?: string;
  password?: string;
  documents: MesDocument[];
  dataDeleted: boolean;
}

export interface AmeliRecord {
  status: 'none' | 'pending' | 'active';
  /** The account's e-mail address (where reset links and security codes go). */
  email?: string;
  password?: string;
  /** True while the password is the provisional one sent by post at activation. */
  passwordProvisional?: boolean;
}

/** One insured person or dependant, as the simulated caisse knows them. */
export interface PersonRecord {
  id: string;
  firstName: string;
  lastName: string;
  /** 15 characters, compact, valid key. */
  nir: string;
  /** ISO date. */
  birthDate: string;
  email?: string;
  phone?: string;
  postalCode: string;
  /** Ayant droit: attached to another insured person's number. */
  isDependant: boolean;
  /** The insured person this one depends on (ouvreur de droits). */
  holderId?: string;
  /** Aide médicale de l'État. */
  ame: boolean;
  /** Shown at the top level of /sim/personas (children appear under their parent). */
  listed: boolean;
  /** What this persona is for, in a few words (README, tests). */
  caseLabel: string;
  card?: { serial: string; type: CardType };
  ameli: AmeliRecord;
  mes: MesRecord;
  /** Children whose Mon espace santé profiles this person manages. */
  dependantIds: string[];
}

export interface ResetLinkRecord {
  personId: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
  /** Another link of the same account was used: this one dies with it. */
  revokedAt?: string;
}

export interface ActivationLinkRecord {
  personId: string;
  email: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
  passwordChosenAt?: string;
}

export interface ExportLinkRecord {
  profileId: string;
  createdAt: string;
  expiresAt: string;
  content: Record<string, unknown>;
}

export interface LoginRecord {
  personId: string;
  codeDigest: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

export interface EnrolmentRecord {
  id: string;
  /** The carte Vitale holder who identified. */
  holderId: string;
  /** The profile being decided (the holder, or one of their children identified by birth date). */
  profileId: string;
  createdAt: string;
  expiresAt: string;
  verified: boolean;
  accessCode?: { digest: string; channel: Channel; sentAt: string; expiresAt: string };
}

export interface OutboxMessage {
  to: string;
  channel: Channel;
  subject?: string;
  body: string;
  link?: string;
  code?: string;
  sentAt: string;
}

export interface AuditEntry {
  at: string;
  /** Who: the person concerned ("person:<id>"), or "anonymous" / "operator" (the /sim admin routes). */
  actor: string;
  /** What: a stable action name ("mes.profile.activated"). */
  action: string;
  /** The record concerned, when it is not the actor ("profile:<id>", "link:reset"). */
  subject?: string;
  /** Correlation id given by the caller (the conversation). */
  requestId?: string;
  details?: Record<string, string | number | boolean>;
}
