/**
 * The consistency checks of the knowledge content, beyond what JSON Schema can say:
 *  - every quoted passage exists word for word in the source file it names;
 *  - every structured fact is stated by its passage ("30 minutes" is in the quote), and its text
 *    states the same figure;
 *  - every figure an entry's text states (durations, lengths, sizes, phone numbers) equals one of
 *    the entry's facts: no "24 heures" when the fact says 30 minutes;
 *  - every figure of the text appears in the sources;
 *  - every figure of an FAQ answer is stated by that answer's own quoted passages;
 *  - references resolve (related entries, fact references, topics) and every knowledge intent of
 *    the contract has an entry.
 * Each problem names the file and the JSON pointer, and says how to fix it.
 */
import { factSources, type EntryContent, type EntryFile, type FactDefinition, type IntentsFile, type TopicsFile, type ValueFactDefinition } from './content.js';
import { checkCopy } from './copy-check.js';
import { amountKey, describeAmount, findAmounts, findPhones, type Amount } from './figures.js';
import { normalizeQuote, type SourceIndex } from './sources.js';
import type { SourceRef } from './types.js';
import { stripAccents } from '../shared/fold.js';

export interface ContentProblem {
  /** Path relative to the knowledge folder, e.g. "entries/password-reset.json". */
  file: string;
  /** JSON pointer inside that file, e.g. "/content/fr/answer". */
  pointer: string;
  message: string;
}

export interface CheckInput {
  entries: ReadonlyArray<{ file: string; data: EntryFile }>;
  topics: { file: string; data: TopicsFile };
  intents: { file: string; data: IntentsFile };
  sources: SourceIndex;
}

const ANSWER_LINES = { min: 3, max: 6 };
const FALC_MAX_WORDS = 15;

export function checkContent(input: CheckInput): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const report = (file: string, pointer: string, message: string) => problems.push({ file, pointer, message });
  const byId = new Map<string, { file: string; data: EntryFile }>();
  for (const e of input.entries) {
    const expected = `entries/${e.data.id}.json`;
    if (e.file !== expected) report(e.file, '/id', `the id "${e.data.id}" must match the file name (expected ${expected})`);
    const twin = byId.get(e.data.id);
    if (twin) report(e.file, '/id', `the id "${e.data.id}" is already used by ${twin.file}`);
    else byId.set(e.data.id, e);
  }

  const topicIds = new Set(input.topics.data.topics.map((t) => t.id));
  checkIntents(input, report);
  for (const { file, data } of input.entries) {
    if (!topicIds.has(data.topic)) report(file, '/topic', `unknown topic "${data.topic}" (topics: ${[...topicIds].join(', ')})`);
    data.related.forEach((id, i) => {
      if (id === data.id) report(file, `/related/${i}`, 'an entry cannot be related to itself');
      else if (!byId.has(id)) report(file, `/related/${i}`, `unknown entry "${id}"`);
    });
    data.sources.forEach((s, i) => checkQuote(input.sources, s, file, `/sources/${i}`, report));
    const facts = resolveFacts(data, byId, file, report);
    for (const [key, fact] of Object.entries(data.facts)) {
      if (fact.kind !== 'ref') checkValueFact(input.sources, fact, file, `/facts/${key}`, Boolean(data.content.en), report);
    }
    checkShape(data, file, report);
    checkFaq(data, input.sources, file, report);
    for (const language of ['fr', 'en'] as const) {
      const content = data.content[language];
      if (content) checkTextAgainstFacts(content, facts, input.sources, file, `/content/${language}`, report);
    }
  }
  return problems;
}

type Report = (file: string, pointer: string, message: string) => void;

function checkIntents(input: CheckInput, report: Report): void {
  const declared = new Map(input.intents.data.intents.map((i) => [i.name, i.kind]));
  const owner = new Map<string, string>();
  for (const { file, data } of input.entries) {
    data.intents.forEach((intent, i) => {
      const base = [...declared.keys()].find((name) => intent === name || intent.startsWith(`${name}.`));
      if (!base) report(file, `/intents/${i}`, `"${intent}" is neither an intent of ${input.intents.file} nor a child "<intent>.<name>" of one`);
      else if (declared.get(base) === 'control') report(file, `/intents/${i}`, `"${intent}" is a control intent: the engine answers it, not the knowledge base`);
      const other = owner.get(intent);
      if (other) report(file, `/intents/${i}`, `"${intent}" is already answered by ${other}: one entry per intent`);
      else owner.set(intent, file);
    });
  }
  input.intents.data.intents.forEach((intent, i) => {
    if (intent.kind === 'knowledge' && !owner.has(intent.name)) {
      report(input.intents.file, `/intents/${i}`, `the knowledge intent "${intent.name}" has no entry: add it to the "intents" of the entry that answers it`);
    }
  });
}

function checkQuote(sources: SourceIndex, source: SourceRef, file: string, pointer: string, report: Report): boolean {
  if (!sources.documents.has(source.file)) {
    report(file, `${pointer}/file`, `unknown source file "${source.file}" (sources: ${[...sources.documents.keys()].join(', ')})`);
    return false;
  }
  if (!sources.quotes(source.file, source.passage)) {
    report(file, `${pointer}/passage`, `this passage is not in ${source.file}: quote it word for word ("${truncate(source.passage)}")`);
    return false;
  }
  return true;
}

/** The entry's facts, references replaced by the fact they point to. */
function resolveFacts(data: EntryFile, byId: ReadonlyMap<string, { data: EntryFile }>, file: string, report: Report): Map<string, ValueFactDefinition> {
  const facts = new Map<string, ValueFactDefinition>();
  for (const [key, fact] of Object.entries(data.facts)) {
    const target = resolveFact(fact, byId);
    if (target) facts.set(key, target);
    else if (fact.kind === 'ref') report(file, `/facts/${key}/ref`, `"${fact.ref}" is not a fact of another entry (write "<entryId>.<factKey>" of a fact that is not itself a reference)`);
  }
  return facts;
}

export function resolveFact(fact: FactDefinition, byId: ReadonlyMap<string, { data: EntryFile }>): ValueFactDefinition | undefined {
  if (fact.kind !== 'ref') return fact;
  const [entryId, key] = splitRef(fact.ref);
  const target = byId.get(entryId)?.data.facts[key];
  return target && target.kind !== 'ref' ? target : undefined;
}

export function splitRef(ref: string): [string, string] {
  const dot = ref.indexOf('.');
  return dot < 0 ? [ref, ''] : [ref.slice(0, dot), ref.slice(dot + 1)];
}

function checkValueFact(sources: SourceIndex, fact: ValueFactDefinition, file: string, pointer: string, needsEnglish: boolean, report: Report): void {
  const refs = factSources(fact);
  const quoted = refs.map((s, i) => checkQuote(sources, s, file, fact.sources ? `${pointer}/sources/${i}` : `${pointer}/source`, report));
  const passages = refs.map((s) => s.passage).join('\n');
  if (needsEnglish && (!fact.text.en || !fact.label.en)) report(file, pointer, 'the entry has English content: give this fact a label.en and a text.en');

  switch (fact.kind) {
    case 'quantity': {
      const amounts = fact.amounts ?? [];
      if (quoted.every(Boolean)) {
        const inPassage = new Set(findAmounts(normalizeQuote(passages)).map(amountKey));
        amounts.forEach((a, i) => {
          if (!inPassage.has(amountKey(a))) report(file, `${pointer}/amounts/${i}`, `the source passage does not state ${describeAmount(a)}`);
        });
      }
      for (const language of ['fr', 'en'] as const) {
        const text = fact.text[language];
        if (text === undefined) continue;
        const stated = findAmounts(text);
        if (!sameAmounts(stated, amounts)) {
          report(file, `${pointer}/text/${language}`, `"${text}" states ${list(stated.map(describeAmount))} but the fact's amounts are ${list(amounts.map(describeAmount))}`);
        }
      }
      break;
    }
    case 'phone': {
      const phone = fact.phone ?? '';
      if (quoted.every(Boolean) && !findPhones(normalizeQuote(passages)).some((p) => p.digits === phone)) {
        report(file, `${pointer}/phone`, `the source passage does not give the number ${phone}`);
      }
      for (const language of ['fr', 'en'] as const) {
        const text = fact.text[language];
        if (text !== undefined && !findPhones(text).some((p) => p.digits === phone)) report(file, `${pointer}/text/${language}`, `"${text}" does not give the number ${phone}`);
      }
      break;
    }
    case 'url': {
      const url = (fact.url ?? '').toLowerCase();
      if (quoted.every(Boolean) && !passages.toLowerCase().includes(url)) report(file, `${pointer}/url`, `the source passage does not give ${url}`);
      for (const language of ['fr', 'en'] as const) {
        const text = fact.text[language];
        if (text !== undefined && !text.toLowerCase().includes(url)) report(file, `${pointer}/text/${language}`, `"${text}" does not give ${url}`);
      }
      break;
    }
    case 'list': {
      const haystack = fold(normalizeQuote(passages));
      (fact.items ?? []).forEach((item, i) => {
        if (quoted.every(Boolean) && !haystack.includes(fold(normalizeQuote(item)))) report(file, `${pointer}/items/${i}`, `"${item}" is not in the source passages`);
      });
      break;
    }
    case 'text':
      break;
  }
}

/** The text of an entry states only figures that are facts of the entry, and found in the sources. */
function checkTextAgainstFacts(content: EntryContent, facts: ReadonlyMap<string, ValueFactDefinition>, sources: SourceIndex, file: string, pointer: string, report: Report): void {
  const allowedAmounts = new Map<string, string>();
  const allowedPhones = new Map<string, string>();
  for (const [key, fact] of facts) {
    for (const a of fact.amounts ?? []) allowedAmounts.set(amountKey(a), `${key} = ${fact.text.fr}`);
    if (fact.phone) allowedPhones.set(fact.phone, key);
  }
  const summary = [...facts].filter(([, f]) => f.amounts || f.phone).map(([k, f]) => `${k} = ${f.text.fr}`);
  for (const [path, text] of textFields(content)) {
    for (const a of findAmounts(text)) {
      if (!allowedAmounts.has(amountKey(a))) {
        report(file, `${pointer}${path}`, `states "${a.raw}" but no fact of this entry says ${describeAmount(a)} (facts: ${summary.join('; ') || 'none'}): correct the text or add the fact with its source`);
      }
    }
    for (const p of findPhones(text)) {
      if (!allowedPhones.has(p.digits)) report(file, `${pointer}${path}`, `gives the number "${p.raw}" but no phone fact of this entry has it: add a fact (or a "ref" to contacts)`);
    }
    for (const problem of checkCopy(text, { sources })) report(file, `${pointer}${path}`, problem.message);
  }
}

/**
 * FAQ items: ids unique, English ids also in French, passages quoted word for word, and every
 * figure (duration, length, size, phone number) of the answer stated by the item's own passages.
 */
function checkFaq(data: EntryFile, sources: SourceIndex, file: string, report: Report): void {
  const frIds = new Set((data.content.fr.faq ?? []).map((f) => f.id));
  for (const language of ['fr', 'en'] as const) {
    const items = data.content[language]?.faq ?? [];
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const pointer = `/content/${language}/faq/${i}`;
      if (seen.has(item.id)) report(file, `${pointer}/id`, `the FAQ id "${item.id}" is used twice`);
      seen.add(item.id);
      if (language === 'en' && !frIds.has(item.id)) report(file, `${pointer}/id`, `"${item.id}" has no French FAQ item with the same id`);
      const quoted = item.sources.map((s, k) => checkQuote(sources, s, file, `${pointer}/sources/${k}`, report));
      if (!quoted.every(Boolean)) return;
      // Joined so that two numbers of two passages never read as one.
      const passages = normalizeQuote(item.sources.map((s) => s.passage).join(' ; '));
      const inPassages = new Set(findAmounts(passages).map(amountKey));
      for (const a of findAmounts(item.answer)) {
        if (!inPassages.has(amountKey(a))) report(file, `${pointer}/answer`, `states "${a.raw}" but its passages do not say ${describeAmount(a)}: quote the passage that does`);
      }
      const phones = new Set(findPhones(passages).map((p) => p.digits));
      for (const p of findPhones(item.answer)) {
        if (!phones.has(p.digits)) report(file, `${pointer}/answer`, `gives the number "${p.raw}" but its passages do not: quote the passage that does`);
      }
      for (const problem of checkCopy(item.answer, { sources })) report(file, `${pointer}/answer`, problem.message);
    });
  }
}

function checkShape(data: EntryFile, file: string, report: Report): void {
  for (const language of ['fr', 'en'] as const) {
    const content = data.content[language];
    if (!content) continue;
    const lines = content.answer.split('\n').filter((l) => l.trim() !== '');
    if (lines.length < ANSWER_LINES.min || lines.length > ANSWER_LINES.max) {
      report(file, `/content/${language}/answer`, `the answer has ${lines.length} lines: write ${ANSWER_LINES.min} to ${ANSWER_LINES.max} short lines`);
    }
    content.falc.forEach((sentence, i) => {
      const words = sentence.split(/\s+/).filter(Boolean).length;
      if (words > FALC_MAX_WORDS) report(file, `/content/${language}/falc/${i}`, `${words} words: an easy-to-read sentence has ${FALC_MAX_WORDS} words at most`);
      if (/[.!?…]\s+\S/.test(sentence)) report(file, `/content/${language}/falc/${i}`, 'one sentence per item (one idea each)');
    });
    if (data.kind === 'procedure' && !content.steps) report(file, `/content/${language}`, 'a procedure needs its "steps"');
  }
  const en = data.content.en;
  if (en && (en.steps?.length ?? 0) !== (data.content.fr.steps?.length ?? 0)) {
    report(file, '/content/en/steps', `the English version has ${en.steps?.length ?? 0} steps, the French one ${data.content.fr.steps?.length ?? 0}`);
  }
}

function textFields(content: EntryContent): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    ['/title', content.title],
    ['/action', content.action],
    ['/answer', content.answer],
  ];
  if (content.ask) fields.push(['/ask', content.ask]);
  content.falc.forEach((s, i) => fields.push([`/falc/${i}`, s]));
  content.steps?.forEach((s, i) => fields.push([`/steps/${i}`, s]));
  return fields;
}

function sameAmounts(found: readonly Amount[], expected: readonly Amount[]): boolean {
  const a = new Set(found.map(amountKey));
  const b = new Set(expected.map(amountKey));
  return a.size === b.size && [...a].every((k) => b.has(k));
}

function fold(text: string): string {
  return stripAccents(text).toLowerCase();
}

function list(items: readonly string[]): string {
  return items.length === 0 ? 'nothing' : items.join(', ');
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
