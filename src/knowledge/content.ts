/**
 * The knowledge content: the JSON files as written (knowledge/entries/*.json, checked by
 * knowledge/schema/entry.schema.json) and the entries as the rest of the code sees them once
 * loaded, with fact references and related entries resolved.
 */
import type { Language } from '../shared/conversation.js';
import type { Amount } from './figures.js';
import type { SourceRef } from './types.js';

export interface Localized {
  fr: string;
  en?: string;
}

export interface EntryContent {
  title: string;
  /** Label of the suggested action that leads to this entry. */
  action: string;
  /** What that suggested action sends (default: the first question). */
  ask?: string;
  questions: string[];
  keywords: string[];
  answer: string;
  falc: string[];
  steps?: string[];
  /** Precise questions within the topic, each with its own short answer and sources. */
  faq?: FaqItem[];
}

export interface FaqItem {
  /** Unique within the entry; the same id in both languages. */
  id: string;
  questions: string[];
  answer: string;
  sources: SourceRef[];
}

export type FactKind = 'quantity' | 'phone' | 'url' | 'list' | 'text';

export interface ValueFactDefinition {
  kind: FactKind;
  label: Localized;
  text: Localized;
  key?: boolean;
  amounts?: Amount[];
  phone?: string;
  url?: string;
  items?: string[];
  source?: SourceRef;
  sources?: SourceRef[];
}

export interface RefFactDefinition {
  kind: 'ref';
  /** "<entryId>.<factKey>" */
  ref: string;
  key?: boolean;
}

export type FactDefinition = ValueFactDefinition | RefFactDefinition;

/** One file of knowledge/entries/. */
export interface EntryFile {
  $schema: string;
  version: 1;
  id: string;
  topic: string;
  kind: 'information' | 'procedure';
  intents: string[];
  priority: number;
  shortcuts?: string[];
  content: { fr: EntryContent; en?: EntryContent };
  facts: Record<string, FactDefinition>;
  related: string[];
  sources: SourceRef[];
}

export interface TopicsFile {
  $schema: string;
  version: 1;
  topics: Array<{ id: string; label: { fr: string; en: string } }>;
}

export interface SourcesFile {
  $schema: string;
  version: 1;
  sources: Array<{ file: string; title: string; date?: string }>;
}

export interface IntentsFile {
  intents: Array<{ name: string; kind: string; about?: string }>;
}

/** A fact once loaded: references resolved to the fact they point to. */
export interface Fact {
  /** Key in the entry that states it (a reference keeps its own key). */
  key: string;
  /** Where it is defined, "<entryId>.<factKey>". */
  definedAt: string;
  kind: FactKind;
  label: Localized;
  text: Localized;
  /** Highlighted in cards and in the agent console. */
  isKey: boolean;
  amounts: Amount[];
  phone?: string;
  url?: string;
  items?: string[];
  sources: SourceRef[];
}

export interface Entry {
  id: string;
  /** Path of the file, relative to the knowledge folder (for messages). */
  file: string;
  topic: string;
  kind: 'information' | 'procedure';
  intents: string[];
  priority: number;
  shortcuts: string[];
  content: { fr: EntryContent; en?: EntryContent };
  facts: ReadonlyMap<string, Fact>;
  related: string[];
  sources: SourceRef[];
}

export interface Topic {
  id: string;
  label: { fr: string; en: string };
}

export function contentIn(entry: Entry, language: Language): EntryContent {
  return (language === 'en' ? entry.content.en : undefined) ?? entry.content.fr;
}

export function localized(text: Localized, language: Language): string {
  return (language === 'en' ? text.en : undefined) ?? text.fr;
}

export function factSources(fact: ValueFactDefinition): SourceRef[] {
  return fact.sources ?? (fact.source ? [fact.source] : []);
}
