import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { IdSource } from '../../shared/ids.js';
import { cryptoIds } from '../../shared/ids.js';
import type { TurnRunner } from '../shared/index.js';
import { formatReplies, type Choice } from './format-replies.js';

export interface ChatSessionOptions {
  runner: TurnRunner;
  input: Readable;
  output: Writable;
  /** True on a real terminal: a prompt and colours; piped input is echoed instead, as a transcript. */
  interactive?: boolean;
  ids?: IdSource;
}

export const CHAT_HELP =
  "Tapez votre question, ou le numéro d'un choix proposé. Commandes : /nouveau (nouvelle conversation), /aide, /quitter.";

/**
 * A conversation with the engine in a terminal, for content editors and support staff: the
 * welcome, then one turn per line, in order, until /quitter or the end of the input.
 */
export async function runChatSession(options: ChatSessionOptions): Promise<void> {
  const { runner, output } = options;
  const interactive = options.interactive ?? false;
  const ids = options.ids ?? cryptoIds;
  const write = (text: string) => output.write(`${text}\n`);
  const userId = `terminal-${ids.random(6)}`;
  let conversationId = ids.uuid();
  let choices: Choice[] = [];

  const show = (replies: Parameters<typeof formatReplies>[0]) => {
    const formatted = formatReplies(replies, { color: interactive });
    choices = formatted.choices;
    if (formatted.text) write(formatted.text);
  };
  const base = () => ({ userId, conversationId, channel: 'terminal' as const, locale: 'fr-FR' });

  write(CHAT_HELP);
  show(await runner.welcome(base()));

  const rl = createInterface({ input: options.input, output, terminal: interactive, prompt: 'vous › ' });
  if (interactive) rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (!interactive && line) write(`vous › ${line}`);
    if (line === '/quitter' || line === '/quit' || line === '/exit') break;
    if (line === '/aide' || line === '/help') {
      write(CHAT_HELP);
    } else if (line === '/nouveau') {
      conversationId = ids.uuid();
      write('— Nouvelle conversation —');
      show(await runner.welcome(base()));
    } else if (line) {
      // A number picks one of the choices just offered; anything else is sent as typed.
      const picked = /^\d{1,2}$/.test(line) ? choices[Number(line) - 1] : undefined;
      if (picked && interactive) write(`(${picked.title})`);
      show((await runner.turn({ ...base(), text: picked ? picked.value : line })).replies);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
