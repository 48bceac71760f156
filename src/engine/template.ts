/**
 * Copy templates: `{{slot.path}}`, `{{slot.path|filter:arg:arg}}` and `{{fact:<entry>.<key>}}`.
 * Facts come from the knowledge base so that a figure ("30 minutes") lives in one place with its
 * source. The loader parses every template of every file at start-up (unknown filters, unknown
 * facts and secret slots fail there), so rendering never meets a surprise.
 */
import { maskEmail, maskNir } from '../shared/redact.js';
import type { Language } from '../shared/conversation.js';

export interface Placeholder {
  raw: string;
  kind: 'fact' | 'path';
  /** Fact reference or slot path. */
  ref: string;
  filters: Array<{ name: string; args: string[] }>;
}

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

export function parsePlaceholders(template: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const body = match[1] ?? '';
    if (body.startsWith('fact:')) {
      out.push({ raw: match[0], kind: 'fact', ref: body.slice(5).trim(), filters: [] });
      continue;
    }
    const [path = '', ...rest] = body.split('|');
    out.push({
      raw: match[0],
      kind: 'path',
      ref: path.trim(),
      filters: rest.map((f) => {
        const [name = '', ...args] = f.split(':');
        return { name: name.trim(), args };
      }),
    });
  }
  return out;
}

export interface TemplateScope {
  language: Language;
  now: Date;
  /** Reads a slot path ("error.attemptsLeft"). */
  lookup(path: string): unknown;
  fact(ref: string, language: Language): string | undefined;
  /** Labels of rules by policy, for the `rules` filter. */
  ruleLabel(policy: string, rule: string, language: Language): string | undefined;
}

type Filter = (value: unknown, args: string[], scope: TemplateScope) => string;

const WORDS: Record<Language, { and: string }> = { fr: { and: 'et' }, en: { and: 'and' } };

export function joinList(items: string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${WORDS[language].and} ${items[items.length - 1] ?? ''}`;
}

/** Text of a scalar; objects and lists have no text of their own here. */
function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split(',').filter(Boolean);
  return value === undefined || value === null ? [] : [value];
}

const FILTERS: Record<string, Filter> = {
  /** "185057800608436" → "1 85 ** ** *** *** 36" */
  masknir: (v) => (typeof v === 'string' ? maskNir(v) : ''),
  /** "ines.martin@orange.fr" → "i***@o***.fr" */
  maskemail: (v) => (typeof v === 'string' && v.includes('@') ? maskEmail(v) : scalar(v)),
  /** ISO "1985-03-12" → "12/03/1985" */
  date: (v) => {
    const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})/.exec(v) : null;
    return m ? `${m[3]}/${m[2]}/${m[1]}` : scalar(v);
  },
  /** plural:un chiffre:# chiffres → "un chiffre" for 1, "2 chiffres" otherwise. */
  plural: (v, args) => {
    const n = Number(v);
    const form = (n === 1 ? args[0] : args[1]) ?? '';
    return form.replace('#', String(n));
  },
  /** rules:mes_password on "uppercase,digit" → "1 majuscule et 1 chiffre". */
  rules: (v, args, scope) =>
    joinList(
      asList(v).map((rule) => scope.ruleLabel(args[0] ?? '', scalar(rule), scope.language) ?? scalar(rule)),
      scope.language,
    ),
  /** A list of profiles → "Mathis, Lola et Louis". */
  names: (v, _args, scope) =>
    joinList(
      asList(v).map((p) => (p && typeof p === 'object' && 'firstName' in p ? scalar(p.firstName) : scalar(p))),
      scope.language,
    ),
  /** ISO date-time → minutes from now, rounded up (at least 1). */
  minutesFromNow: (v, _args, scope) => {
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    if (Number.isNaN(t)) return '';
    return String(Math.max(1, Math.ceil((t - scope.now.getTime()) / 60_000)));
  },
  /** ISO date-time → "10:45", Paris time (the service's). */
  time: (v, _args, scope) => {
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    if (Number.isNaN(t)) return '';
    return new Intl.DateTimeFormat(scope.language === 'fr' ? 'fr-FR' : 'en-GB', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(t));
  },
  /** French "de" before a word, elided before a vowel: "d'activer", "de créer"; nothing in English. */
  de: (v, _args, scope) => {
    const word = scalar(v);
    if (scope.language !== 'fr') return word;
    return /^[aeiouyàâéèêëîïôûüh]/i.test(word) ? `d'${word}` : `de ${word}`;
  },
  /** Upper-case ("Dupont" → "DUPONT"), as the forms show last names. */
  upper: (v) => scalar(v).toUpperCase(),
};

export const FILTER_NAMES: readonly string[] = Object.keys(FILTERS);

export function render(template: string, scope: TemplateScope): string {
  return template.replace(PLACEHOLDER, (_m, body: string) => {
    const [placeholder] = parsePlaceholders(`{{${body}}}`);
    if (!placeholder) return '';
    if (placeholder.kind === 'fact') {
      const value = scope.fact(placeholder.ref, scope.language);
      if (value === undefined) throw new Error(`unknown fact "${placeholder.ref}"`);
      return value;
    }
    let value: unknown = scope.lookup(placeholder.ref);
    if (placeholder.filters.length === 0) return scalar(value);
    for (const filter of placeholder.filters) {
      const fn = FILTERS[filter.name];
      if (!fn) throw new Error(`unknown template filter "${filter.name}"`);
      value = fn(value, filter.args, scope);
    }
    return scalar(value);
  });
}

/** Reads "a.b.c" in nested objects; undefined when any part is missing. */
export function readPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
