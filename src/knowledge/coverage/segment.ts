/**
 * A source document cut into the units the coverage map accounts for: every sentence, list item
 * or table row, with its place in the file (line, character offsets). Lines without a word (rules,
 * bullets alone, blank lines) are not units. Linear in the length of the text.
 */

export interface SourceUnit {
  file: string;
  /** 1-based line number in the file. */
  line: number;
  /** Character offsets in the file's raw text. */
  start: number;
  end: number;
  /** The unit as written (trimmed, list marker kept). */
  text: string;
}

/** A bullet, arrow or check mark opening a list item. */
const LIST_MARKER = /^(?:[-–•·→➤▶✓✗◆■*>]|->|-\s*->|-\/)+\s*/u;
/** Sentence ends inside a line: ". " followed by a capital, a quote or a bracket. */
const SENTENCE_END = /(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Ý«"(])/gu;
const HAS_WORD = /[\p{L}\p{N}]{2,}/u;

export function segmentSource(file: string, text: string): SourceUnit[] {
  const units: SourceUnit[] = [];
  let offset = 0;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const lineStart = offset;
    offset += line.length + 1;
    if (!HAS_WORD.test(line)) return;
    let from = 0;
    const pieces: Array<[number, number]> = [];
    for (const m of line.matchAll(SENTENCE_END)) {
      pieces.push([from, m.index]);
      from = m.index + m[0].length;
    }
    pieces.push([from, line.length]);
    for (const [a, b] of pieces) {
      const raw = line.slice(a, b);
      const lead = raw.length - raw.trimStart().length;
      const body = raw.trim();
      if (!HAS_WORD.test(body)) continue;
      units.push({ file, line: i + 1, start: lineStart + a + lead, end: lineStart + a + lead + body.length, text: body });
    }
  });
  return units;
}

/** The unit without its list marker, for reading and classifying. */
export function unitBody(text: string): string {
  return text.replace(LIST_MARKER, '').trim();
}
