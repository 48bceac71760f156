/**
 * How the assistant folds text to compare it, written once. `stripAccents` is the one place text
 * loses its diacritics; `foldText` is the whole fold the NLU, the knowledge search and redaction
 * compare words with. Callers add only what their comparison needs (punctuation as spaces, …).
 */

/** Accents and other combining marks removed (é → e, ç → c, ï → i); case and everything else kept. */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/** Typographic apostrophes and look-alikes people type for one ("j’ai", "j`ai", "jʼai"). */
const APOSTROPHES = /[’‘`´ʼ′]/g;

/** Lower case, no accents, ligatures spelt out (œ → oe, æ → ae, ß → ss), every apostrophe as '. */
export function foldText(text: string): string {
  return stripAccents(text.toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss')).replace(APOSTROPHES, "'");
}
