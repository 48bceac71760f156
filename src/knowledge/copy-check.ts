/**
 * Checks any copy text (knowledge answers, dialog prompts, welcome messages) for figures that are
 * not in the sources: phone numbers, durations and other quantities. Placeholders are skipped —
 * {{fact:<ref>}} is replaced at run time by a checked fact, and is itself checked to exist when a
 * fact lookup is given. Dialog content can run the same check in its own CI test.
 */
import { amountKey, describeAmount, findAmounts, findPhones, type Amount } from './figures.js';
import type { SourceIndex } from './sources.js';

export interface CopyProblem {
  /** The figure or placeholder as written. */
  figure: string;
  message: string;
}

export interface CopyCheckOptions {
  sources: SourceIndex;
  /** Resolves {{fact:<ref>}}; when given, unknown references are reported. */
  fact?: (ref: string) => string | undefined;
  /**
   * Figures the copy may state although no source does, named on purpose by the caller: formats
   * the code checks rather than facts to tell (a NIR has 13 digits and a 2-digit key).
   */
  allow?: readonly Amount[];
}

const PLACEHOLDER_RE = /\{\{\s*([^}]*?)\s*\}\}/g;

export function checkCopy(text: string, options: CopyCheckOptions): CopyProblem[] {
  const problems: CopyProblem[] = [];
  for (const match of text.matchAll(PLACEHOLDER_RE)) {
    const body = match[1] ?? '';
    if (!body.startsWith('fact:') || !options.fact) continue;
    const ref = body.slice(5).trim();
    if (options.fact(ref) === undefined) problems.push({ figure: match[0], message: `unknown fact "${ref}" (write {{fact:<entryId>.<factKey>}} of a knowledge fact)` });
  }
  // Placeholders become spaces so that "{{x}}3646" is not read as part of a number.
  const plain = text.replace(PLACEHOLDER_RE, ' ');
  const allowed = new Set((options.allow ?? []).map(amountKey));
  for (const amount of findAmounts(plain)) {
    if (!options.sources.filesWithAmount(amount) && !allowed.has(amountKey(amount))) {
      problems.push({ figure: amount.raw, message: `"${amount.raw}" (${describeAmount(amount)}) is not stated in any source document: use the figure of the sources, or {{fact:…}}` });
    }
  }
  for (const phone of findPhones(plain)) {
    if (!options.sources.filesWithPhone(phone.digits)) {
      problems.push({ figure: phone.raw, message: `the phone number "${phone.raw}" is not in any source document` });
    }
  }
  return problems;
}
