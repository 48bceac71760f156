/** An Engine for channel tests that answers as the test scripts it, and records what it was given. */
import type { Engine, LocalizedText, Reply, TurnInput, TurnOutput } from '../../src/shared/conversation.js';

/** A small engine for channel tests: scripted answers, and a record of what it was given. */
export interface ScriptedEngine extends Engine {
  turns: TurnInput[];
  welcomes: Array<Omit<TurnInput, 'text'>>;
}

/** The apology a turn runner built around a fake engine says (the server gives the one of dialogs/assistant.json). */
export const SCRIPTED_APOLOGY: LocalizedText = { fr: 'Désolé : panne simulée.', en: 'Sorry: simulated failure.' };

export interface ScriptedEngineOptions {
  welcome?: Reply[];
  /** Default: echoes "Vous avez dit : <text>". */
  answer?: (input: TurnInput) => Reply[] | Promise<Reply[]>;
  /** Which messages the engine reports as secret answers (a password, a code). */
  secret?: (input: TurnInput) => boolean;
}

export function createScriptedEngine(options: ScriptedEngineOptions = {}): ScriptedEngine {
  const turns: TurnInput[] = [];
  const welcomes: Array<Omit<TurnInput, 'text'>> = [];
  const answer = options.answer ?? ((input: TurnInput) => [{ text: `Vous avez dit : ${input.text}` }]);
  return {
    turns,
    welcomes,
    welcome(input): Promise<TurnOutput> {
      welcomes.push(input);
      return Promise.resolve({ replies: options.welcome ?? [{ text: 'Bienvenue' }] });
    },
    async handleTurn(input): Promise<TurnOutput> {
      turns.push(input);
      return { replies: await answer(input), ...(options.secret?.(input) ? { inputWasSecret: true } : {}) };
    },
  };
}
