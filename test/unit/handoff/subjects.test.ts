import { describe, expect, it } from 'vitest';
import { createTopicDescriber, readProcedureTopics } from '../../../src/handoff/subjects.js';
import { fromRoot } from '../../../src/shared/paths.js';
import { realKnowledgeBase } from '../../support/knowledge.js';

describe('handoff subjects', () => {
  const kb = realKnowledgeBase();
  const describeTopic = createTopicDescriber({ procedures: readProcedureTopics(fromRoot('dialogs')), entryTitle: (i) => kb.entryForIntent(i)?.title });

  it('names a procedure or an intent in words, never by its id', () => {
    expect(describeTopic('password-reset')).toBe('Mot de passe du compte ameli oublié');
    expect(describeTopic('mes-activate')).not.toMatch(/mes-activate/);
    expect(describeTopic('mes.info')).toBe(kb.entryForIntent('mes.info')?.title);
    expect(describeTopic('general')).toBe('Demande générale');
  });

  it('names every procedure of the dialogs folder in words', () => {
    for (const p of readProcedureTopics(fromRoot('dialogs'))) {
      const subject = describeTopic(p.id);
      expect(subject, p.id).not.toContain(p.id);
      expect(subject, p.id).toMatch(/^[A-ZÀ-Ý]/);
    }
  });
});
