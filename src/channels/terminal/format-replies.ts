import type { Reply } from '../../shared/conversation.js';

/** Something the person can pick by typing its number. */
export interface Choice {
  title: string;
  value: string;
}

export interface FormattedReplies {
  text: string;
  /** Suggested actions and card buttons, in the order they were numbered. */
  choices: Choice[];
}

const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/**
 * Replies as terminal text: markdown made readable (bold, links as "text (url)"), cards as titled
 * blocks with facts and numbered steps, and every button as a numbered choice.
 */
export function formatReplies(replies: readonly Reply[], options: { color?: boolean; botName?: string } = {}): FormattedReplies {
  const color = options.color ?? false;
  const name = options.botName ?? 'Assistant';
  const choices: Choice[] = [];
  const blocks: string[] = [];
  // The same button offered twice (by a card and by the suggestions, or by two replies of one
  // turn) is listed once: two numbers for one choice read as two different things.
  const seen = new Set<string>();
  const offer = (choice: Choice) => {
    const key = choice.title.trim().toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    choices.push(choice);
  };

  for (const reply of replies) {
    const lines = [`${name} : ${markdown(reply.text, color)}`];
    const card = reply.card;
    if (card) {
      if (card.title) lines.push(`  ┌ ${color ? BOLD + card.title + RESET : card.title}`);
      if (card.text) lines.push(`  │ ${markdown(card.text, color)}`);
      for (const fact of card.facts ?? []) lines.push(`  │ ${fact.title} : ${fact.value}`);
      (card.steps ?? []).forEach((step, i) => lines.push(`  │ ${i + 1}. ${markdown(step, color)}`));
      for (const action of card.actions ?? []) {
        if (action.url) lines.push(`  │ ${action.title} : ${action.url}`);
        else if (action.value !== undefined) offer({ title: action.title, value: action.value });
      }
    }
    for (const s of reply.suggestedActions ?? []) offer({ title: s.title, value: s.value });
    blocks.push(lines.join('\n'));
  }
  const numbered = choices.map((c, i) => `  ${i + 1}. ${c.title}`);
  return { text: [...blocks, ...numbered].join('\n'), choices };
}

function markdown(text: string, color: boolean): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, (_m, inner: string) => (color ? BOLD + inner + RESET : inner))
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 ($2)');
}
