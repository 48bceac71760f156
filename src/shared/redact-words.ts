/**
 * The word-level part of the redaction, in one linear pass over the words of a text:
 * - secret-looking words: 8 characters or more mixing letters and digits, symbols allowed
 *   ("Soleil-2024", "Loire#2024x"), unless they hold a '/', ':' or '@' (paths, times, URLs);
 * - what follows a cue that announces a secret ("mon mot de passe actuel est Soleil-2024", "mdp :
 *   …"): the next word when it looks like a password (a digit, a symbol or an inner capital);
 * - what follows a cue that announces a name ("je m'appelle Julien Moreau", "nom : Durand",
 *   "Madame Lefèvre", the recap's "nom MOREAU").
 * A name or a password typed alone, without a cue, cannot be told from any other word: logs never
 * carry what people type, and handoff transcripts mask the answer to a question about a name.
 */
import { foldText } from './fold.js';

interface Word {
  start: number;
  end: number;
  /** The word without the punctuation around it. */
  coreStart: number;
  coreEnd: number;
  /** Lower case, no accents, straight apostrophes (short words only: cues are short). */
  folded: string;
  /** "nom:" (a colon stuck to the word), told apart from the word "nom" alone. */
  colon: boolean;
}

const LEADING = /^[("'«“[{¿¡]+/u;
const TRAILING = /[)"'»”\]}.,;:!?…]+$/u;
const MAX_CUE_WORD = 24;

function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const raw = m[0];
    const lead = LEADING.exec(raw)?.[0].length ?? 0;
    const trail = raw.length > lead ? (TRAILING.exec(raw.slice(lead))?.[0].length ?? 0) : 0;
    const coreStart = m.index + lead;
    const coreEnd = m.index + raw.length - trail;
    const core = text.slice(coreStart, coreEnd);
    const form = core || raw;
    words.push({ start: m.index, end: m.index + raw.length, coreStart, coreEnd, folded: form.length <= MAX_CUE_WORD ? foldText(form) : '', colon: core !== '' && raw.endsWith(':') });
  }
  return words;
}


/** Cues, as folded words; a cue matches when its words follow one another. */
const SECRET_CUES: readonly string[][] = [
  ['mot', 'de', 'passe'],
  ['mdp'],
  ['password'],
  ['passwd'],
  ['pwd'],
  ['code', 'secret'],
  ['code', 'confidentiel'],
  ['identifiant'],
];
const SECRET_FILLERS = new Set([
  'actuel', 'actuelle', 'ancien', 'ancienne', 'nouveau', 'nouvel', 'nouvelle', 'est', "c'est", 'etait', 'sera', 'serait', 'reste', 'toujours',
  'bien', 'de', 'du', 'mon', 'ma', 'compte', 'ameli', 'espace', 'sante', 'perso', 'personnel', 'provisoire', 'temporaire', ':', '=', '-', 'is', 'was',
  'my', 'current', 'new', 'old', 'will', 'be',
]);
const NAME_CUES: readonly string[][] = [
  ['je', "m'appelle"],
  ["m'appelle"],
  ['mon', 'nom'],
  ['nom', ':'],
  ['nom:'],
  ['nom', 'de', 'famille'],
  ['nom', 'de', 'naissance'],
  ["nom", "d'usage"],
  ['prenom'],
  ['my', 'name', 'is'],
  ['name', ':'],
  ['name:'],
  ['family', 'name'],
  ['last', 'name'],
  ['first', 'name'],
];
const NAME_FILLERS = new Set(['est', "c'est", ':', '-', 'de', 'famille', 'naissance', "d'usage", 'is', 'moi']);
/** Words after which a capitalised name follows: "Madame Lefèvre", "je suis Julien Moreau", "née Martin". */
const CAPITAL_CUES: readonly string[][] = [['madame'], ['monsieur'], ['mme'], ['mlle'], ['mademoiselle'], ['m'], ['mr'], ['mrs'], ['ms'], ['je', 'suis'], ['nee']];
const NOT_NAMES = new Set([
  'et', 'je', "j'ai", 'mais', 'ou', 'donc', 'car', 'le', 'la', 'les', 'de', 'du', 'des', 'un', 'une', 'merci', 'bonjour', 'svp', 'stp', 'pour', 'avec', 'sur',
  'mon', 'ma', 'mes', 'est', 'suis', 'ai', 'a', 'au', 'aux', 'en', 'dans', 'qui', 'que', 'and', 'i', 'my', 'is', 'the', 'please', 'thanks', 'pas', 'ne',
  'plus', 'bien', 'tres', 'deja', 'toujours', 'encore', 'oui', 'non',
]);

const NAME_LIKE = /^[\p{L}][\p{L}'’-]{0,39}$/u;
const CAPITALISED = /^\p{Lu}/u;
const ALL_CAPS = /^[\p{Lu}'’-]{2,40}$/u;

function matchCue(words: Word[], i: number, cues: readonly string[][]): number {
  for (const cue of cues) {
    if (i + cue.length > words.length) continue;
    const matches = cue.every((w, k) => {
      const word = words[i + k];
      return w.endsWith(':') && w.length > 1 ? word?.colon === true && word.folded === w.slice(0, -1) : word?.folded === w;
    });
    if (matches) return cue.length;
  }
  return 0;
}

function looksSecret(core: string): boolean {
  if (core.length < 4) return false;
  return /\d/.test(core) || /[^\p{L}\p{N}]/u.test(core) || /.\p{Lu}/u.test(core);
}

function secretLike(core: string): boolean {
  return core.length >= 8 && /\p{L}/u.test(core) && /\d/.test(core) && !/[/:@*]/.test(core);
}

/** Masks secret-like words and what follows secret and name cues. */
export function redactWords(text: string): string {
  const words = wordsOf(text);
  if (words.length === 0) return text;
  const masks = new Map<number, 'secret' | 'name'>();
  const coreOf = (w: Word) => text.slice(w.coreStart, w.coreEnd);

  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    if (secretLike(coreOf(word))) masks.set(i, 'secret');

    const secretCue = matchCue(words, i, SECRET_CUES);
    if (secretCue > 0) {
      let k = i + secretCue;
      for (let skipped = 0; k < words.length && skipped < 4 && SECRET_FILLERS.has((words[k] as Word).folded); skipped++) k++;
      const next = words[k];
      if (next && looksSecret(coreOf(next))) masks.set(k, 'secret');
      continue;
    }

    const nameCue = matchCue(words, i, NAME_CUES);
    if (nameCue > 0) {
      let k = i + nameCue;
      for (let skipped = 0; k < words.length && skipped < 3 && NAME_FILLERS.has((words[k] as Word).folded); skipped++) k++;
      maskNames(words, k, 3, false);
      continue;
    }

    // The recap's "nom MOREAU" (the slot written in capitals).
    if (word.folded === 'nom' && words[i + 1] && ALL_CAPS.test(coreOf(words[i + 1] as Word))) masks.set(i + 1, 'name');

    const capitalCue = matchCue(words, i, CAPITAL_CUES);
    if (capitalCue > 0) maskNames(words, i + capitalCue, 2, true);
  }

  function maskNames(list: Word[], from: number, max: number, capitalOnly: boolean): void {
    for (let k = from; k < list.length && k < from + max; k++) {
      const w = list[k] as Word;
      const core = coreOf(w);
      if (!NAME_LIKE.test(core) || NOT_NAMES.has(w.folded) || (capitalOnly && !CAPITALISED.test(core))) return;
      masks.set(k, 'name');
      // "je m'appelle Moreau, et…": a name ends with its punctuation.
      if (w.coreEnd < w.end) return;
    }
  }

  if (masks.size === 0) return text;
  let out = '';
  let emitted = 0;
  for (let i = 0; i < words.length; i++) {
    const kind = masks.get(i);
    if (!kind) continue;
    const w = words[i] as Word;
    out += text.slice(emitted, w.coreStart) + (kind === 'secret' ? '********' : '*'.repeat(w.coreEnd - w.coreStart));
    emitted = w.coreEnd;
  }
  return out + text.slice(emitted);
}
