/**
 * The contact a person leaves for a callback, checked again at the queue whatever the engine did:
 * a phone number an advisor can dial, or an e-mail address, the time they prefer and when they
 * agreed to be contacted.
 */
import { AppError } from '../shared/errors.js';
import type { CallbackContact } from './types.js';

/** French numbers (0X XX XX XX XX, +33, 0033) and international ones (+ and 8 to 15 digits). */
const PHONE = /^(?:0[1-9](?:[\s.-]?\d{2}){4}|(?:\+|00)33[\s.-]?\(?0?\)?[\s.-]?[1-9](?:[\s.-]?\d{2}){4}|\+(?!33)[1-9](?:[\s.-]?\d){7,14})$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@.]{1,63}(?:\.[^\s@.]{1,63}){1,8}$/;
const MAX_WHEN_CHARS = 120;

export function checkContact(contact: unknown): CallbackContact {
  if (typeof contact !== 'object' || contact === null) throw invalid('contact must be an object');
  const { kind, value, when, consentAt } = contact as Record<string, unknown>;
  if (kind !== 'phone' && kind !== 'email') throw invalid('contact.kind must be "phone" or "email"');
  if (typeof value !== 'string') throw invalid('contact.value is required');
  const trimmed = value.trim();
  if (kind === 'phone' && !PHONE.test(trimmed)) throw invalid('contact.value is not a phone number');
  if (kind === 'email' && (trimmed.length > 254 || !EMAIL.test(trimmed))) throw invalid('contact.value is not an e-mail address');
  if (typeof consentAt !== 'string' || Number.isNaN(Date.parse(consentAt))) throw invalid('contact.consentAt must be the date of the consent');
  if (when !== undefined && typeof when !== 'string') throw invalid('contact.when must be text');
  const preferred = typeof when === 'string' ? when.replace(/\p{Cc}/gu, ' ').trim().slice(0, MAX_WHEN_CHARS) : '';
  return { kind, value: trimmed, ...(preferred ? { when: preferred } : {}), consentAt: new Date(consentAt).toISOString() };
}

function invalid(message: string): AppError {
  return new AppError('handoff_invalid', `handoff request: ${message}`, { status: 400 });
}
