/**
 * The conversation's transcript as a handoff request carries it: what the person typed masked
 * (NIR, e-mail, phone, dates, codes, passwords and names after their cues) and secret answers
 * never kept at all. The assistant's own lines are its copy: whatever personal data a recap shows
 * comes from the conversation and is masked when a request is created (the handoff queue masks
 * every line again, with the context of the question asked), not here on every turn.
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
  const text = line.secret ? SECRET_PLACEHOLDER : line.from === 'user' ? redactText(line.text) : line.text;
  const next = [...transcript, { from: line.from, text, at: line.at.toISOString() }];
  return next.length > maxLines ? next.slice(next.length - maxLines) : next;
}
