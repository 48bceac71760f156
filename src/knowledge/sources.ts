/**
 * The source documents as the checks see them: their text normalised for quoting (whitespace and
 * markdown emphasis do not matter), and every figure they state, so that "does this number appear
 * in the sources?" is a set lookup.
 */
import { amountKey, findAmounts, findPhones, type Amount } from './figures.js';

export interface SourceDocument {
  file: string;
  title: string;
  date?: string;
  text: string;
}

export interface SourceIndex {
  documents: ReadonlyMap<string, SourceDocument>;
  /** True when `passage` is quoted word for word from `file` (whitespace and ** aside). */
  quotes(file: string, passage: string): boolean;
  /** Where an amount appears in the sources ("30:minute" → files), undefined when nowhere. */
  filesWithAmount(amount: Amount): readonly string[] | undefined;
  /** Where a phone number appears (digits), undefined when nowhere. */
  filesWithPhone(digits: string): readonly string[] | undefined;
}

/** Collapses whitespace, drops markdown emphasis and unifies apostrophes, for quoting. */
export function normalizeQuote(text: string): string {
  return text
    .replace(/\*\*/g, '')
    .replace(/[\u2019\u2018]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export function createSourceIndex(documents: readonly SourceDocument[]): SourceIndex {
  const byFile = new Map(documents.map((d) => [d.file, d]));
  const normalized = new Map(documents.map((d) => [d.file, normalizeQuote(d.text)]));
  const amounts = new Map<string, string[]>();
  const phones = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, file: string) => {
    const files = map.get(key) ?? [];
    if (!files.includes(file)) files.push(file);
    map.set(key, files);
  };
  for (const doc of documents) {
    // Figures are read line by line (a number at the end of a line must not run into the next
    // line's) and on the normalised text (a figure broken over two lines, "**15 min**").
    const views = [...doc.text.split('\n').map((line) => line.replace(/\*\*/g, '')), normalized.get(doc.file) ?? ''];
    for (const text of views) {
      for (const a of findAmounts(text)) add(amounts, amountKey(a), doc.file);
      for (const p of findPhones(text)) add(phones, p.digits, doc.file);
    }
  }
  return {
    documents: byFile,
    quotes: (file, passage) => {
      const text = normalized.get(file);
      const quote = normalizeQuote(passage);
      return text !== undefined && quote.length > 0 && text.includes(quote);
    },
    filesWithAmount: (amount) => amounts.get(amountKey(amount)),
    filesWithPhone: (digits) => phones.get(digits),
  };
}
