/**
 * The question inside a long message. People tell a story first ("J'ai reçu un courrier… mon fils
 * l'a jeté… ") and ask at the end; searching the whole story lets its incidental words outrank
 * the question. The sentence that carries the question is the last one with a question mark, else
 * the last one that opens like a question ("comment", "est-ce que", "je voudrais savoir"…), else
 * the last sentence. Short messages are their own question. Linear in the length of the text.
 */
import { foldText } from '../../shared/fold.js';

export interface ExtractedQuestion {
  /** The sentence to search with (the whole text when it is short or has one sentence). */
  question: string;
  /** The rest of the message: context, searched with a lower weight. */
  context: string;
  /** True when a sentence was picked out of a longer message. */
  extracted: boolean;
}

/** Below this many words a message is searched whole. */
const SHORT_MESSAGE_WORDS = 22;
const MAX_SENTENCE_CHARS = 400;

const QUESTION_OPENING =
  /^(?:et |mais |alors |donc |du coup |bref |bon |sinon |svp |s'il vous plait |bonjour |merci )*(?:comment|pourquoi|combien|quel|quelle|quels|quelles|qu'est|quand|ou |où|qui |que |quoi|est-ce|est ce|esque|peut-on|peut on|puis-je|puis je|pouvez|pourriez|dois-je|dois je|faut-il|faut il|y a-t-il|y a t il|ya t il|je voudrais savoir|je veux savoir|j'aimerais savoir|je cherche|je souhaite|je voudrais|je veux|j'aimerais|je ne sais pas|je sais pas|aidez|expliquez|dites|how|what|why|when|where|which|who|can i|could|do i|is it|is there|are there|should)/i;

/** Sentences and lines, with their text trimmed; "?" ends a sentence, so do ".", "!" and new lines. */
function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const push = (end: number) => {
    const s = text.slice(start, end).trim();
    if (s.replace(/[.!?\s]/g, '').length > 0) out.push(s);
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    // "assure.ameli.fr" and "5.5" are not the end of a sentence: a full stop needs a space after it.
    const ends = char === '?' || char === '!' || char === '\n' || (char === '.' && (i + 1 === text.length || /\s/.test(text[i + 1] ?? '')));
    if (ends) push(i + 1);
  }
  push(text.length);
  return out;
}

export function extractQuestion(text: string): ExtractedQuestion {
  const trimmed = text.trim();
  const wordCount = trimmed.split(/\s+/).filter(Boolean).length;
  const parts = sentences(trimmed);
  if (wordCount <= SHORT_MESSAGE_WORDS || parts.length < 2) return { question: trimmed, context: '', extracted: false };

  let index = -1;
  for (let i = parts.length - 1; i >= 0 && index < 0; i--) if ((parts[i] ?? '').endsWith('?')) index = i;
  for (let i = parts.length - 1; i >= 0 && index < 0; i--) if (QUESTION_OPENING.test(normalizeOpening(parts[i] ?? ''))) index = i;
  if (index < 0) index = parts.length - 1;

  let question = parts[index] ?? trimmed;
  // "Et pour ça ?" says too little alone: the sentence before it carries the subject.
  if (question.split(/\s+/).length < 5 && index > 0) question = `${parts[index - 1] ?? ''} ${question}`;
  const context = parts.filter((_, i) => i !== index).join(' ');
  return { question: question.slice(0, MAX_SENTENCE_CHARS), context: context.slice(0, MAX_SENTENCE_CHARS * 4), extracted: true };
}

function normalizeOpening(sentence: string): string {
  return foldText(sentence).replace(/^[^\p{L}]+/u, '');
}
