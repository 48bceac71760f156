/**
 * Finds phrases (runs of normalised tokens) in a token list. The phrases go into a trie, so a
 * search walks each position at most as deep as the longest phrase: linear in the message's
 * length, whatever the phrases.
 */

export interface PhraseMatch {
  phrase: string;
  /** Token positions: [start, end). */
  start: number;
  end: number;
}

export interface PhraseSet {
  /** The matches left to right, leftmost-longest, without overlaps. */
  find(tokens: readonly string[]): PhraseMatch[];
  has(tokens: readonly string[]): boolean;
  /** The longest phrase starting at `position`, if any. */
  at(tokens: readonly string[], position: number): PhraseMatch | undefined;
}

interface Node {
  next: Map<string, Node>;
  phrase?: string;
}

export function createPhraseSet(phrases: Iterable<string>, tokenize: (phrase: string) => string[] = (p) => p.split(' ').filter(Boolean)): PhraseSet {
  const root: Node = { next: new Map() };
  for (const phrase of phrases) {
    const words = tokenize(phrase);
    if (words.length === 0) continue;
    let node = root;
    for (const word of words) {
      let child = node.next.get(word);
      if (!child) {
        child = { next: new Map() };
        node.next.set(word, child);
      }
      node = child;
    }
    node.phrase = words.join(' ');
  }

  const at = (tokens: readonly string[], position: number): PhraseMatch | undefined => {
    let node: Node | undefined = root;
    let best: PhraseMatch | undefined;
    for (let i = position; i < tokens.length && node; i++) {
      node = node.next.get(tokens[i] ?? '');
      if (node?.phrase !== undefined) best = { phrase: node.phrase, start: position, end: i + 1 };
    }
    return best;
  };

  return {
    at,
    find(tokens) {
      const out: PhraseMatch[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const m = at(tokens, i);
        if (!m) continue;
        out.push(m);
        i = m.end - 1;
      }
      return out;
    },
    has(tokens) {
      for (let i = 0; i < tokens.length; i++) if (at(tokens, i)) return true;
      return false;
    },
  };
}
