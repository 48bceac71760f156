/**
 * Checks of dialogs/assistant.json beyond its schema: every message the engine says exists, copy
 * names only the engine's variables, commands and intent labels name known intents, and every rule
 * of each password or identifier policy (src/domain) has a name.
 */
import type { AssistantCopy } from '../definitions.js';
import { POLICY_RULES } from '../local-validators.js';
import { ENGINE_VARIABLES, REQUIRED_MESSAGES } from '../messages.js';
import { pointerEscape } from './graph.js';
import type { AddProblem, TextChecker } from './texts.js';

export function checkAssistant(a: AssistantCopy, file: string, add: AddProblem, intents: Set<string> | undefined, checkTexts: TextChecker): void {
  const allowed = new Set<string>(ENGINE_VARIABLES);
  const none = new Set<string>();
  for (const key of REQUIRED_MESSAGES) if (!a.messages[key]) add(file, '/messages', `missing message "${key}"`);
  for (const [key, text] of Object.entries(a.messages)) checkTexts(file, `/messages/${key}`, text, allowed, none);
  a.welcome.say.forEach((t, i) => checkTexts(file, `/welcome/say/${i}`, t, allowed, none));
  for (const [key, text] of Object.entries(a.helplines)) checkTexts(file, `/helplines/${pointerEscape(key)}`, text, none, none);
  if (!a.commands.restart) add(file, '/commands', 'missing command "restart"');
  if (!a.commands.retry) add(file, '/commands', 'missing command "retry"');
  if (!a.helplines.ameli) add(file, '/helplines', 'missing the default helpline "ameli"');
  if (intents) {
    for (const key of Object.keys(a.intentLabels)) if (!intents.has(key)) add(file, `/intentLabels/${pointerEscape(key)}`, `unknown intent "${key}"`);
    for (const [name, command] of Object.entries(a.commands)) {
      (command.intents ?? []).forEach((intent, i) => {
        if (!intents.has(intent)) add(file, `/commands/${name}/intents/${i}`, `unknown intent "${intent}"`);
      });
    }
  }
  for (const [policy, rules] of Object.entries(POLICY_RULES)) {
    const labels = a.ruleLabels[policy];
    if (!labels) {
      add(file, '/ruleLabels', `missing the rule names of "${policy}"`);
      continue;
    }
    for (const rule of rules) if (!labels[rule]) add(file, `/ruleLabels/${policy}`, `missing the name of rule "${rule}"`);
  }
}
