/**
 * The one safety rule about codes and passwords (dialogs/assistant.json, message "safetyRule"):
 * the web chat page's footer, the embedded chat and the Teams description all show this text,
 * and the procedures can say it, so that no channel promises something another contradicts.
 */
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../shared/paths.js';

export interface SafetyRule {
  fr: string;
  en: string;
}

export function readSafetyRule(file: string = fromRoot('dialogs', 'assistant.json')): SafetyRule {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { messages?: { safetyRule?: { fr?: unknown; en?: unknown } } };
  const rule = data.messages?.safetyRule;
  if (typeof rule?.fr !== 'string' || typeof rule.en !== 'string' || !rule.fr || !rule.en) {
    throw new Error(`${file}: messages.safetyRule (fr and en) is required: the web chat and Teams show it`);
  }
  return { fr: rule.fr, en: rule.en };
}
