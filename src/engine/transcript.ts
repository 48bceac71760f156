/**
 * The conversation's transcript as a handoff request carries it: personal data masked (NIR,
 * e-mail, phone, long digit runs, code-like tokens) and secret answers never kept at all.
 */
import type { TranscriptLine } from '../handoff/types.js';
import { redactText } from '../shared/redact.js';

/** What stands for a password or a one-time code in a transcript. */
export const SECRET_PLACEHOLDER = '[saisie masquée]';

export function appendLine(
  transcript: TranscriptLine[],
  line: { from: TranscriptLine['from']; text: string; at: Date; secret?: boolean },
  maxLines: number,
): TranscriptLine[] {
  const text = line.secret ? SECRET_PLACEHOLDER : redactText(line.text);
  const next = [...transcript, { from: line.from, text, at: line.at.toISOString() }];
  return next.length > maxLines ? next.slice(next.length - maxLines) : next;
}
