/**
 * A request's subject in words, for the advisor: the engine gives it; for a request created
 * without one, the topic (a procedure id such as "password-reset", or an intent such as
 * "mes.info") is named by the knowledge entry of its intent ("Mot de passe du compte ameli oublié"),
 * else by the procedure's own title. Never a raw id.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProcedureTopic {
  id: string;
  /** French title as the dialogs write it ("activer Mon espace santé"). */
  title: string;
  intents: string[];
}

export interface TopicDescriberOptions {
  procedures: readonly ProcedureTopic[];
  /** The title of the knowledge entry answering an intent (parents included), if any. */
  entryTitle: (intent: string) => string | undefined;
  /** When nothing names the topic. */
  fallback?: string;
}

export const GENERAL_SUBJECT = 'Demande générale';

export function createTopicDescriber(options: TopicDescriberOptions): (topic: string) => string {
  const procedures = new Map(options.procedures.map((p) => [p.id, p]));
  const fallback = options.fallback ?? GENERAL_SUBJECT;
  return (topic) => {
    const procedure = procedures.get(topic);
    for (const intent of procedure ? procedure.intents : [topic]) {
      const title = options.entryTitle(intent);
      if (title) return title;
    }
    return procedure ? capitalise(procedure.title) : fallback;
  };
}

/** The procedures of the dialogs folder (every JSON file with an id and a French title). */
export function readProcedureTopics(dialogsDir: string): ProcedureTopic[] {
  const topics: ProcedureTopic[] = [];
  for (const file of readdirSync(dialogsDir).filter((f) => f.endsWith('.json')).sort()) {
    const data = JSON.parse(readFileSync(join(dialogsDir, file), 'utf8')) as { id?: unknown; title?: { fr?: unknown }; intents?: unknown };
    if (typeof data.id !== 'string' || typeof data.title?.fr !== 'string') continue;
    const intents = Array.isArray(data.intents) ? data.intents.filter((i): i is string => typeof i === 'string') : [];
    topics.push({ id: data.id, title: data.title.fr, intents });
  }
  return topics;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
