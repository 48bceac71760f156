/**
 * Which units of the sources state a fact the assistant could be asked about: a figure (any number
 * that is not a list or step number), a delay or duration, a price, a phone number, an address
 * (web or e-mail), or a rule ("doit", "obligatoire", "minimum", "ne peut pas", "valable",
 * "gratuit"…). Such a unit is never "not for the assistant": it is covered or it counts against
 * the coverage rate. Deliberately broad: a false "factual" costs a knowledge item, a false
 * "not factual" could hide a figure.
 */
import { findAmounts, findPhones } from '../figures.js';
import { unitBody } from './segment.js';

export type FactualReason = 'figure' | 'duration' | 'phone' | 'price' | 'address' | 'rule';

/** "Étape 4 -", "Part 2", "1." opening a line number the steps of a slide, not a fact. */
const STEP_NUMBER = /^(?:(?:étape|etape|part|partie|step|séquence|sequence)\s*\d+\s*[:\-–.]?|\d{1,2}\s*[.)/-](?!\d)|0\d(?=\s|$)|[IVX]+\s*[-–])\s*/iu;
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const PRICE = new RegExp(`€|${B}(?:euros?|gratuit(?:e|s|es|ement)?|payant(?:e|s|es)?|prix|tarifs?)${E}`, 'iu');
/** An e-mail address, or a web address with its scheme, "www." or a path (a site's bare name, "ameli.fr", is a name). */
const ADDRESS = /\b[\w.-]+@[\w-]+\.[\w.-]+\b|https?:\/\/|\bwww\.|\b[a-z0-9-]+\.(?:fr|gouv\.fr|com|net)\/\S/iu;
/** A number standing alone: digits glued to letters ("AMSS42", "COVID-19" aside) name something. */
const NUMBER = /(?<![\p{L}\d-])\d+(?:[.,/:]\d+)*(?![\p{L}\d])/u;
const RULE = new RegExp(
  `${B}(?:doit|doivent|devra|devront|obligatoire(?:ment|s)?|minimum|maximum|maximale?|au moins|au plus|ne (?:peu(?:t|vent)|pourr(?:a|ont)|doit) pas|n'(?:ont|a) pas accès|pas accès|ne peuvent pas|uniquement|valable|validité|interdit|sauf|au-delà|dans un délai|délai|jusqu'à|à tout moment|conditionnée?|éligibles?|réservée?s?|limitée?)${E}`,
  'iu',
);
/** Sample values of a screen or a form: "Ex: 034567", "+33 6 ** ** ** 15", "i.m*****@gmail.com". */
const EXAMPLE = /^(?:ex\s*[.:]|exemple)|\*{3,}|\*\* \*\*/iu;

export function factualReasons(text: string): FactualReason[] {
  // A slide's page number ("OUTILS SUR LE COMPTE AMELI 1/3") is not a figure either.
  const body = unitBody(text).replace(STEP_NUMBER, '').replace(/\s+\d\/\d$/, '');
  const reasons = new Set<FactualReason>();
  if (EXAMPLE.test(body.replace(/^\S*\s+/, '')) || EXAMPLE.test(body)) return [];
  if (findPhones(body).length > 0) reasons.add('phone');
  if (findAmounts(body).length > 0) reasons.add('duration');
  if (NUMBER.test(body)) reasons.add('figure');
  if (PRICE.test(body)) reasons.add('price');
  if (ADDRESS.test(body)) reasons.add('address');
  if (RULE.test(body)) reasons.add('rule');
  return [...reasons];
}

export function isFactual(text: string): boolean {
  return factualReasons(text).length > 0;
}
