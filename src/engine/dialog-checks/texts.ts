/**
 * Checks of the copy in dialogs/: every placeholder names a slot some step sets (never a secret),
 * a known filter, a known rule policy and, when the knowledge base is given, an existing fact.
 */
import type { AssistantCopy, Text } from '../definitions.js';
import { FILTER_NAMES, parsePlaceholders } from '../template.js';

/** Records one problem: the file, the JSON pointer inside it and what to fix. */
export type AddProblem = (file: string, pointer: string, message: string) => void;
export type TextChecker = (file: string, pointer: string, text: Text, allowedRoots: ReadonlySet<string>, secretSlots: ReadonlySet<string>) => void;

export function makeTextChecker(add: AddProblem, hasFact: ((ref: string) => boolean) | undefined, assistant: AssistantCopy | undefined): TextChecker {
  return (file, pointer, text, allowedRoots, secretSlots) => {
    for (const language of ['fr', 'en'] as const) {
      for (const p of parsePlaceholders(text[language])) {
        const at = `${pointer}/${language}`;
        if (p.kind === 'fact') {
          if (hasFact && !hasFact(p.ref)) add(file, at, `unknown fact "${p.ref}" in ${p.raw}`);
          continue;
        }
        const rootName = p.ref.split('.')[0] ?? '';
        if (secretSlots.has(rootName)) add(file, at, `${p.raw} would show the secret "${rootName}": secrets are never echoed`);
        else if (!allowedRoots.has(rootName)) add(file, at, `${p.raw} names "${rootName}", which no step sets`);
        for (const f of p.filters) {
          if (!FILTER_NAMES.includes(f.name)) add(file, at, `unknown filter "${f.name}" in ${p.raw} (filters: ${FILTER_NAMES.join(', ')})`);
          if (f.name === 'rules' && assistant && !assistant.ruleLabels[f.args[0] ?? '']) {
            add(file, at, `unknown rule policy "${f.args[0] ?? ''}" in ${p.raw}`);
          }
        }
      }
    }
  };
}
