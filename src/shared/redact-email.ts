/**
 * Finds e-mail addresses in linear time. A regex such as `[A-Za-z0-9._%+'-]+@…` retries its
 * local part from every letter of a long run and goes quadratic ("a" × 60 000 then "@" took
 * seconds); here each '@' is a pivot: the local part is read backwards from it (never past the
 * previous '@' or what was already masked) and the domain forwards (never past the next '@'), so
 * every character is read at most twice.
 */

const LOCAL = charTable("A-Za-z0-9._%+'-");
const DOMAIN = charTable('A-Za-z0-9.-');
const LETTER = charTable('A-Za-z');

function charTable(ranges: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < ranges.length; i++) {
    const c = ranges.charCodeAt(i);
    if (ranges[i + 1] === '-' && i + 2 < ranges.length) {
      for (let k = c; k <= ranges.charCodeAt(i + 2); k++) table[k] = 1;
      i += 2;
    } else table[c] = 1;
  }
  return table;
}

const is = (table: Uint8Array, code: number) => code < 128 && table[code] === 1;

/**
 * Length of the domain that starts at `from` and ends `end`: dot-separated labels of letters,
 * digits and hyphens, the last one starting with two letters or more (those letters end it, as
 * `\.[A-Za-z]{2,}` would). 0 when there is no such domain.
 */
function domainLength(text: string, from: number, end: number): number {
  let best = 0;
  let labelStart = from;
  let labels = 0;
  for (let i = from; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 46 /* . */) continue;
    if (i === labelStart) break; // an empty label ends the domain
    labels += 1;
    if (labels >= 2) {
      let letters = 0;
      while (labelStart + letters < i && is(LETTER, text.charCodeAt(labelStart + letters))) letters++;
      if (letters >= 2) best = labelStart + letters - from;
    }
    labelStart = i + 1;
  }
  return best;
}

/** Replaces every e-mail address of `text` by `mask(address)`. */
export function replaceEmails(text: string, mask: (address: string) => string): string {
  let out = '';
  let emitted = 0;
  let previousAt = -1;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    const floor = Math.max(emitted, previousAt + 1);
    previousAt = at;
    let start = at;
    while (start > floor && is(LOCAL, text.charCodeAt(start - 1))) start--;
    if (start === at) continue;
    let stop = at + 1;
    while (stop < text.length && is(DOMAIN, text.charCodeAt(stop))) stop++;
    const length = domainLength(text, at + 1, stop);
    if (length === 0) continue;
    const end = at + 1 + length;
    out += text.slice(emitted, start) + mask(text.slice(start, end));
    emitted = end;
  }
  return emitted === 0 ? text : out + text.slice(emitted);
}
