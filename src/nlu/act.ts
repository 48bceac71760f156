/**
 * What kind of message it is, beside its topic: a question about something ("le lien est valable
 * combien de temps ?"), a request to do it ("réinitialiser mon mot de passe", "j'ai oublié mon mot
 * de passe"), or a plain statement; and whether it complains, corrects an earlier answer, says the
 * person lacks what was asked ("je ne l'ai pas sur moi"), asks for simpler words, or is about
 * another administration's account ("mot de passe caf"). The phrases are data
 * (knowledge/nlu/lexicon.json, "acts"), matched on normalised tokens in linear time.
 */
import type { Lexicon } from './data/types.js';
import { createPhraseSet, type PhraseMatch, type PhraseSet } from '../shared/phrases.js';
import type { DialogueAct } from './types.js';

export type ActReader = (tokens: readonly string[], raw: string) => DialogueAct;

/** Words that open a message without saying anything of its kind ("bonjour, euh, …"). */
const LEAD = new Set(['bonjour', 'bonsoir', 'salut', 'hello', 'hi', 'coucou', 'alors', 'euh', 'bon', 'ben', 'bah', 'donc', 'et', 'mais', 'svp', 'stp', 'please', 'madame', 'monsieur', 'oui', 'non', 'ok', 'ah', 'oh', 'hey']);
const NUMBER_WORDS = new Set(['deux', 'trois', 'quatre', 'cinq', 'six', 'dix', 'plusieurs', 'mille', 'cent', 'vingt', 'quinze', 'two', 'three', 'four', 'five', 'several', 'many']);
/**
 * Words that open a condition or a time clause, and how far before a wish they make it a
 * supposition ("si plus tard je veux…", "je peux fermer mon espace quand je veux ?").
 */
const CONDITIONS = new Set(['si', 'if', 'quand', 'lorsque', 'lorsqu', 'when', 'whenever']);
const CONDITION_REACH = 4;
/** How far after "pouvez-vous" a verb of knowing still makes it a question ("pouvez-vous me dire…"). */
const HELP_REACH = 3;
/** Words before "quoi" that ask what the help is about ("pour quoi", "sur quoi", "en quoi"). */
const ABOUT_WHAT: ReadonlySet<string> = new Set(['pour', 'sur', 'en', 'with']);
/** Wishes that say a need, not a want: asked about ("do I need…?"), they ask. */
const OBLIGATIONS: ReadonlySet<string> = new Set(['je dois', 'i need', 'il faut que je']);
/** How far after "je dois" a question word makes it the frame of a question ("je dois l'utiliser dans combien de temps ?"). */
const ASKED_REACH = 6;

export function createActReader(acts: Lexicon['acts']): ActReader {
  const set = (list: readonly string[]) => createPhraseSet(list);
  const question = set(acts.question);
  const questionStart = set(acts.questionStart);
  const howOnly = new Set(acts.howOnly);
  const want = set(acts.want);
  const knowVerbs = new Set(acts.knowVerbs);
  const askHelp = set(acts.askHelp);
  const problem = set(acts.problem);
  const imperative = new Set(acts.imperative);
  const complaint = set(acts.complaint);
  const repetition = new Set(acts.repetitionUnits);
  const correction = set(acts.correction);
  const lacking = set(acts.lacking);
  const notAtHand = set(acts.notAtHand);
  const later = set(acts.later);
  const simpler = set(acts.simpler);
  const inEnglish = set(acts.inEnglish);
  const inFrench = set(acts.inFrench);
  const aboutStep = set(acts.aboutStep);
  const accountWords = set(acts.accountWords);
  const ameliWords = set(acts.ameliWords);
  const administrations: Array<[string, PhraseSet]> = Object.entries(acts.otherAdministrations).map(([name, list]) => [name, set(list)]);

  const followedByKnowing = (tokens: readonly string[], m: PhraseMatch) => {
    for (let i = m.end; i < Math.min(tokens.length, m.end + HELP_REACH); i++) {
      if (knowVerbs.has(tokens[i] ?? '')) return true;
      // "Tu peux m'aider pour quoi ?", "sur quoi", "en quoi": what the help is for is asked.
      if (ABOUT_WHAT.has(tokens[i] ?? '') && tokens[i + 1] === 'quoi') return true;
    }
    return false;
  };

  // "Do I need an e-mail address…?", "est-ce que je dois…": an obligation asked about is a question
  // ("est-ce que je peux avoir un nouveau code ?" stays a polite request).
  const inverted = (tokens: readonly string[], m: PhraseMatch) => {
    if (!OBLIGATIONS.has(m.phrase)) return false;
    const before = tokens[m.start - 1] ?? '';
    return before === 'do' || before === 'does' || (before === 'que' && tokens[m.start - 2] === 'ce' && tokens[m.start - 3] === 'est');
  };

  // "Et si plus tard je veux fermer son espace, je pourrai ?": a wish inside a condition is a supposition.
  const supposed = (tokens: readonly string[], m: PhraseMatch) => {
    for (let i = Math.max(0, m.start - CONDITION_REACH); i < m.start; i++) if (CONDITIONS.has(tokens[i] ?? '')) return true;
    return false;
  };

  const repeatedComplaint = (tokens: readonly string[]) => {
    for (let i = 2; i < tokens.length; i++) {
      if (!repetition.has(tokens[i] ?? '')) continue;
      const n = tokens[i - 1] ?? '';
      const before = tokens[i - 2] ?? '';
      if ((/^\d+$/.test(n) || NUMBER_WORDS.has(n)) && (before === 'fait' || before === 'deja')) return true;
    }
    return false;
  };

  const administrationNamed = (tokens: readonly string[]): string | undefined => {
    if (ameliWords.has(tokens)) return undefined;
    for (const [name, phrases] of administrations) if (phrases.has(tokens)) return name;
    return undefined;
  };

  return (tokens, raw) => {
    let first = 0;
    while (first < tokens.length && LEAD.has(tokens[first] ?? '')) first++;
    const cues = question.find(tokens);
    const startCue = questionStart.at(tokens, first);
    if (startCue) cues.push(startCue);
    const mark = raw.includes('?');
    // "le code de sécurité il est envoyé où": "où" closing a sentence asks, question mark or not.
    const whereLast = tokens.length >= 3 && tokens[tokens.length - 1] === 'ou';
    const asked = cues.length > 0 || mark || whereLast;
    // "Comment créer mon compte ?" asks to be shown how; "j'ai oublié mon mot de passe ?" states a problem.
    const howTo = cues.length > 0 && cues.every((c) => howOnly.has(c.phrase));
    const help = askHelp.find(tokens);
    const helpToKnow = help.length > 0 && help.every((m) => followedByKnowing(tokens, m));
    // "Le lien, je dois l'utiliser dans combien de temps ?": the wish frames what is asked.
    const askedAfter = (m: PhraseMatch) => cues.some((c) => !howOnly.has(c.phrase) && c.start >= m.end && c.start - m.end <= ASKED_REACH);
    const wants = want.find(tokens).filter((m) => !followedByKnowing(tokens, m) && !supposed(tokens, m) && !askedAfter(m) && !inverted(tokens, m));
    const hasProblem = problem.has(tokens);
    const commanding = imperative.has(tokens[first] ?? '');

    let kind: DialogueAct['kind'];
    if (help.length > 0 && !helpToKnow) kind = 'request';
    else if (helpToKnow) kind = 'question';
    else if (wants.length > 0) kind = 'request';
    else if (asked) kind = (howTo && (hasProblem || tokens.some((t) => imperative.has(t)))) || (cues.length === 0 && hasProblem) ? 'request' : 'question';
    else if (hasProblem || commanding) kind = 'request';
    else kind = 'statement';

    const act: DialogueAct = { kind };
    if (wants.length > 0 || (help.length > 0 && !helpToKnow)) act.wish = true;
    if (complaint.has(tokens) || repeatedComplaint(tokens)) act.complaint = true;
    if (correction.has(tokens)) act.correction = true;
    if (lacking.has(tokens)) act.lacking = true;
    if (act.lacking && notAtHand.has(tokens)) act.notAtHand = true;
    if (later.has(tokens)) act.later = true;
    if (simpler.has(tokens)) act.simpler = true;
    if (inEnglish.has(tokens)) act.sayAgainIn = 'en';
    else if (inFrench.has(tokens)) act.sayAgainIn = 'fr';
    if (aboutStep.has(tokens)) act.aboutStep = true;
    const named = administrationNamed(tokens);
    if (named) act.administration = named;
    if (named && accountWords.has(tokens)) act.otherAdministration = named;
    return act;
  };
}
