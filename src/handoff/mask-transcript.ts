/**
 * The transcript an advisor reads, masked with what the conversation itself tells: a short answer
 * given right after the assistant asked for a name, a birth date, a postal code or an address is
 * that personal data, whatever its shape ("Moreau" looks like any word). Everything else is masked
 * by shape (redactText: NIR, e-mail, phone, dates, postal codes, codes, passwords and names after
 * their cues).
 */
import { stripAccents } from '../shared/fold.js';
import { redactText } from '../shared/redact.js';
import type { TranscriptLine } from './types.js';

export const PERSONAL_ANSWER_MASK = '[information personnelle masquée]';

/** Questions about personal data, French and English, accents folded. */
const PERSONAL_QUESTION = /nom de famille|votre nom|votre prenom|nom de naissance|family name|your name|first name|last name|date de naissance|date of birth|code postal|postcode|postal code|votre adresse|your address/;
/** An answer this short is the value asked for, not a sentence about something else. */
const MAX_ANSWER_WORDS = 6;

const fold = (text: string) => stripAccents(text.toLowerCase());

function asksPersonalData(line: TranscriptLine | undefined): boolean {
  if (!line || line.from !== 'bot' || !line.text.includes('?')) return false;
  return PERSONAL_QUESTION.test(fold(line.text));
}

export function maskTranscript(lines: readonly TranscriptLine[]): TranscriptLine[] {
  return lines.map((line, i) => {
    if (line.from === 'user' && asksPersonalData(lines[i - 1]) && line.text.trim().split(/\s+/).length <= MAX_ANSWER_WORDS) {
      return { ...line, text: PERSONAL_ANSWER_MASK };
    }
    return { ...line, text: redactText(line.text) };
  });
}
