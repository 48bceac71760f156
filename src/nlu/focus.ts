/**
 * Long messages: people tell a story and ask at the end ("… bref j'ai oublié mon mot de passe").
 * The text is cut into sentences (at . ! ? ; … and line breaks followed by a space, and before a
 * turning point such as "bref" or "ma question"), so that the sentence carrying the request or the
 * question can be classified on its own. One pass over the text: linear time.
 */

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const ENDS = new Set(['.', '!', '?', ';', '…', '\n']);
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/**
 * Splits `text` into sentences. `turningPoints` are folded single words or two-word phrases
 * ("bref", "ma question") that start a new sentence. At most `max` sentences: the last ones.
 * With `commas`, a comma followed by a space ends a clause too ("ah pardon je parle français, le lien dure combien de temps ?").
 */
export function splitSentences(text: string, turningPoints: ReadonlySet<string>, fold: (word: string) => string, max = 40, commas = false): Sentence[] {
  const cuts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (!ENDS.has(c) && !(commas && c === ',')) continue;
    const next = text[i + 1];
    if (next === undefined || /\s/.test(next) || c === '\n') cuts.push(i + 1);
  }
  // Turning points: a word (or two) that starts what the person really wants to say.
  let previous: { word: string; start: number } | undefined;
  for (const m of text.matchAll(WORD)) {
    const word = fold(m[0]);
    const start = m.index;
    if (turningPoints.has(word)) cuts.push(start);
    else if (previous && turningPoints.has(`${previous.word} ${word}`)) cuts.push(previous.start);
    previous = { word, start };
  }
  cuts.push(text.length);
  const sorted = [...new Set(cuts)].sort((a, b) => a - b);
  const sentences: Sentence[] = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    const start = sorted[k] ?? 0;
    const end = sorted[k + 1] ?? text.length;
    const raw = text.slice(start, end);
    const trimmed = raw.trim();
    if (!/[\p{L}\p{N}]/u.test(trimmed)) continue;
    const offset = start + raw.indexOf(trimmed);
    sentences.push({ text: trimmed, start: offset, end: offset + trimmed.length });
  }
  return sentences.length > max ? sentences.slice(sentences.length - max) : sentences;
}
