/**
 * Knowledge content for tests: the real folder loaded once, and temporary copies to plant mistakes
 * in (the real content is never edited by a test).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKnowledgeBase, type KnowledgeBaseService } from '../../src/knowledge/knowledge-base.js';
import { KnowledgeContentError, loadKnowledgeContent, type KnowledgeContent } from '../../src/knowledge/loader.js';
import type { ContentProblem } from '../../src/knowledge/checks.js';
import { fromRoot } from '../../src/shared/paths.js';

let content: KnowledgeContent | undefined;
let base: KnowledgeBaseService | undefined;

export function realContent(): KnowledgeContent {
  content ??= loadKnowledgeContent();
  return content;
}

export function realKnowledgeBase(): KnowledgeBaseService {
  base ??= createKnowledgeBase({ content: realContent() });
  return base;
}

/** A copy of knowledge/ in a temporary folder; `edit` changes one JSON file in it. */
export interface KnowledgeCopy {
  dir: string;
  edit(file: string, change: (data: Record<string, unknown>) => void): void;
  write(file: string, text: string): void;
  /** The problems the loader reports (empty when it loads). */
  problems(): ContentProblem[];
  remove(): void;
}

export function copyKnowledge(): KnowledgeCopy {
  const dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
  cpSync(fromRoot('knowledge'), dir, { recursive: true });
  return {
    dir,
    edit(file, change) {
      const path = join(dir, file);
      const data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      change(data);
      writeFileSync(path, JSON.stringify(data, null, 2));
    },
    write(file, text) {
      writeFileSync(join(dir, file), text);
    },
    problems() {
      try {
        loadKnowledgeContent({ dir });
        return [];
      } catch (error) {
        if (error instanceof KnowledgeContentError) return [...error.problems];
        throw error;
      }
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
