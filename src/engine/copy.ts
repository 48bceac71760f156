/**
 * Turns content (Text in both languages, with placeholders) into the words of one reply: picks the
 * person's language, fills slots and variables, and resolves {{fact:…}} through the knowledge base.
 */
import type { KnowledgeBase } from '../knowledge/types.js';
import type { AssistantCopy, Suggestion, Text } from './definitions.js';
import type { MessageKey } from './messages.js';
import { readPath, render, type TemplateScope } from './template.js';
import type { Language, SuggestedAction } from '../shared/conversation.js';

export interface CopyContext {
  language: Language;
  now: Date;
  slots: Record<string, unknown>;
  /** Extra variables for this text (validation details, {{prompt}}, {{procedure}}…). */
  vars?: Record<string, unknown>;
}

export interface CopyRenderer {
  text(text: Text, ctx: CopyContext): string;
  message(key: MessageKey, ctx: CopyContext): string;
  suggestions(list: Suggestion[], ctx: CopyContext): SuggestedAction[];
}

export function createCopyRenderer(assistant: AssistantCopy, knowledge: Pick<KnowledgeBase, 'fact'>): CopyRenderer {
  const scope = (ctx: CopyContext): TemplateScope => ({
    language: ctx.language,
    now: ctx.now,
    lookup: (path) => {
      const root = path.split('.')[0] ?? '';
      if (ctx.vars && root in ctx.vars) return readPath(ctx.vars, path);
      return readPath(ctx.slots, path);
    },
    fact: (ref, language) => knowledge.fact(ref, language),
    ruleLabel: (policy, rule, language) => assistant.ruleLabels[policy]?.[rule]?.[language],
  });
  const text = (t: Text, ctx: CopyContext) => render(t[ctx.language], scope(ctx));
  return {
    text,
    message: (key, ctx) => {
      const t = assistant.messages[key];
      if (!t) throw new Error(`assistant.json has no message "${key}"`);
      return text(t, ctx);
    },
    suggestions: (list, ctx) => list.map((s) => ({ title: text(s.title, ctx), value: text(s.value, ctx) })),
  };
}
