/**
 * Retrieval on the real knowledge base, read with the NLU's words as in the assistant: long,
 * misspelt, story-like and keyword questions find the passage that answers them; scores are 0…1
 * and an unrelated question scores low; both index libraries behave.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer, createKnowledgeBase, extractQuestion, plainText, plainTermReader, states, type KnowledgeBaseService, type RetrievalHit } from '../../../src/knowledge/index.js';
import { loadNlu } from '../../../src/nlu/index.js';
import { realContent } from '../../support/knowledge.js';

const { nlu } = loadNlu();
const terms = (text: string, language: 'fr' | 'en') => nlu.terms(text, language);

const textOf = (hits: readonly RetrievalHit[]) => hits.map((h) => [h.question ?? '', h.text, h.passage?.passage ?? ''].join('\n'));
const statesAll = (must: readonly string[], text: string) => must.every((m) => states(m, text));

/** Questions of the issue, as users and phone agents wrote them, with the facts a right answer states. */
const ISSUE_QUESTIONS: ReadonlyArray<[string, string[]]> = [
  ['kels sont les regle pour le mot de pase de mon espace santé', ['re:8 caract', 'majuscule']],
  ['conditions pour avoir l\'AME', ['re:3 mois']],
  ['avec la complémentaire santé solidaire je dois avancer les frais ?', ['re:ne payez plus']],
  ['je veux faire les démarches de ma mère, puis-je utiliser Aidants Connect ?', ['re:aidants familiaux']],
  ['les ateliers numériques de la CPAM à Saint-Étienne c\'est quand ?', ['re:jeudi', 're:13h30', 're:16h15']],
  ['je pars en Europe, quelle carte demander ?', ['re:carte europ']],
  ['bilan de santé gratuit c\'est pour quel âge', ['re:\\b16\\b', 're:\\b74\\b']],
  ['téléconsultation doctolib quand reçoit-on le lien vidéo ?', ['re:10 minutes']],
  ['que voit mon médecin de mon ordonnance numérique ?', ['re:oui ou non']],
  ['avec l\'ordonnance numérique je peux aller dans n\'importe quelle pharmacie ?', ['re:libert[eé] de choix']],
  ['qui peut voir mes documents dans Mon espace santé ?', ['re:autoris']],
  ['cacher un document à un professionnel dans Mon espace santé', ['re:masquer']],
  ['je peux modifier ce que mon médecin a mis dans Mon espace santé ?', ['re:ne pouvez pas supprimer', 're:pas modifiable|pas [eé]ditable']],
  ['je n\'ai pas répondu au courrier Mon espace santé, que se passe-t-il ?', ['re:1 mois', 're:1 mois et 10 jours', 're:6 semaines']],
  ['je me suis opposé, puis-je changer d\'avis ?', ['re:[aà] tout moment']],
];

describe.each(['minisearch', 'flexsearch'] as const)('retrieval on %s', (index) => {
  let kb: KnowledgeBaseService;
  beforeAll(() => {
    kb = createKnowledgeBase({ content: realContent(), terms, index });
  });

  it.each(ISSUE_QUESTIONS)('finds the facts of "%s" in its top 3', (question, must) => {
    const hits = kb.retrieve!(question, { limit: 3 });
    expect(textOf(hits).some((t) => statesAll(must, t)), JSON.stringify(hits.map((h) => `${h.entryId}#${h.faqId ?? h.kind}`))).toBe(true);
  });

  it('reads a five-line story by the question at its end', () => {
    const story = [
      "Bonjour, j'ai 82 ans et je vis seule depuis le décès de mon mari.",
      "Ma fille s'occupe de mes papiers mais elle habite loin.",
      'Elle a essayé de créer mon compte ameli la semaine dernière.',
      "Tout s'est bien passé jusqu'au mail, qu'elle a ouvert le lendemain.",
      'Le lien pour réinitialiser le mot de passe est valable combien de temps ?',
    ].join('\n');
    const [first] = kb.retrieve!(story, { limit: 3 });
    expect(first?.entryId).toBe('password-reset');
    expect(textOf(first ? [first] : []).join('')).toContain('30 minutes');
  });

  it('gives scores from 0 to 1, an unrelated question far below a precise one', () => {
    const [precise] = kb.retrieve!('le lien pour réinitialiser le mot de passe ameli est valable combien de temps ?', { limit: 1 });
    const [unrelated] = kb.retrieve!('recette de la tarte aux pommes de ma grand-mère', { limit: 1 });
    expect(precise!.score).toBeGreaterThan(0.5);
    expect(precise!.score).toBeLessThanOrEqual(1);
    expect(unrelated?.score ?? 0).toBeLessThan(precise!.score / 2);
  });

  it('names the precise question that matched and keeps passages as plain text', () => {
    const hits = kb.retrieve!('mon espace santé est créé automatiquement dans quel délai après le courrier ?', { limit: 10 });
    expect(hits.some((h) => h.question)).toBe(true);
    for (const h of hits) {
      expect(h.passage?.passage ?? '').not.toMatch(/\*\*|PRENOM_TITUL1|NOM_TITUL1|\$_\{vars/);
      expect(h.score).toBeGreaterThanOrEqual(0);
    }
  });

  it("heads an FAQ result with the item's own first question, whatever wording matched", () => {
    const item = realContent().entries.find((e) => e.id === 'mes-opposition')?.content.fr.faq?.find((f) => f.id === 'no-answer');
    expect(item?.questions[0]).not.toBe("j'ai rien fait apres le courrier MES, il se passe quoi");
    const [hit] = kb.retrieve!("j'ai rien fait apres le courrier MES, il se passe quoi", { limit: 1 });
    expect(hit?.faqId).toBe('no-answer');
    expect(hit?.question).toBe("j'ai rien fait apres le courrier MES, il se passe quoi");
    expect(hit?.heading).toBe(item?.questions[0]);
  });

  it('answers in English from the English content', () => {
    const hits = kb.retrieve!('How long is the provisional code for Mon espace santé valid?', { language: 'en', limit: 3 });
    expect(textOf(hits).some((t) => /1 month/.test(t))).toBe(true);
  });

  it('keeps to a topic when asked', () => {
    const hits = kb.retrieve!('code', { topic: 'compte-ameli', limit: 10 });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(kb.entry(h.entryId)?.topic).toBe('compte-ameli');
  });
});

describe('retrieval of a message asked again', () => {
  it('gives the same results without reading the message again, as copies of their own', () => {
    const read: string[] = [];
    const counting = (text: string, language: 'fr' | 'en') => {
      read.push(text);
      return terms(text, language);
    };
    const kb = createKnowledgeBase({ content: realContent(), terms: counting });
    kb.warmUp();
    const message = 'le lien de réinitialisation est valable combien de temps ?';
    const first = kb.retrieve!(message, { limit: 3 });
    const readings = read.filter((t) => t === message).length;
    expect(readings).toBeGreaterThan(0);
    const firstCopy = structuredClone(first);
    const again = kb.retrieve!(message, { limit: 3 });
    expect(read.filter((t) => t === message).length).toBe(readings);
    expect(again).toEqual(firstCopy);
    // What a caller changes in its results is not what the next caller gets.
    const top = again[0] as RetrievalHit;
    top.score = -1;
    top.text = 'changed';
    expect(kb.retrieve!(message, { limit: 3 })).toEqual(firstCopy);
    // Other options give their own results.
    expect(kb.retrieve!(message, { limit: 1 })).toEqual(firstCopy.slice(0, 1));
  });
});

describe('question extraction', () => {
  it('keeps a short message whole', () => {
    expect(extractQuestion('mot de passe oublié')).toEqual({ question: 'mot de passe oublié', context: '', extracted: false });
  });

  it('takes the last sentence with a question mark out of a long message', () => {
    const { question, extracted, context } = extractQuestion(
      "J'ai reçu un courrier. Mon fils l'a jeté par erreur avec les publicités du supermarché. Je ne sais plus quoi faire maintenant. Combien de temps le code provisoire est-il valable ? Merci beaucoup.",
    );
    expect(extracted).toBe(true);
    expect(question).toBe('Combien de temps le code provisoire est-il valable ?');
    expect(context).toContain('courrier');
  });

  it('takes a sentence that opens like a question when none has a question mark', () => {
    const { question } = extractQuestion(
      "Bonjour je suis à la retraite depuis deux ans et je n'ai jamais utilisé internet pour mes papiers. Je voudrais savoir comment commander une carte européenne. Bonne journée à vous et merci",
    );
    expect(question).toBe('Je voudrais savoir comment commander une carte européenne.');
  });

  it('does not cut an address or a decimal into sentences', () => {
    const { question } = extractQuestion(
      "Je suis allé sur assure.ameli.fr hier soir et sur mon téléphone aussi, avec la version 5.5 de l'application que mon fils a installée pour moi. Pourquoi je ne vois pas le bouton pour créer mon compte ?",
    );
    expect(question).toBe('Pourquoi je ne vois pas le bouton pour créer mon compte ?');
  });

  it('joins a very short question to the sentence before it', () => {
    const { question } = extractQuestion(
      "J'ai fait l'examen de prévention l'année dernière à la CPAM de Saint-Étienne avec mon mari et ma sœur. Ma voisine voudrait le faire aussi. Et pour elle ?",
    );
    expect(question).toBe('Ma voisine voudrait le faire aussi. Et pour elle ?');
  });
});

describe('analysis', () => {
  const analyzer = createAnalyzer(plainTermReader());

  it('splits elisions, folds accents and case, drops function words and stems', () => {
    expect(analyzer.terms("J'ai oublié l'identifiant de Mon Espace Santé", 'fr')).toEqual(analyzer.terms('oublie identifiant espace sante', 'fr'));
    expect(analyzer.terms("l'opposition", 'fr')).not.toContain('l');
  });

  it('searches a phone number as written and as one number', () => {
    const t = analyzer.terms('09 74 75 36 46', 'fr');
    expect(t).toContain('0974753646');
    expect(t).toContain('09');
  });

  it("uses the reader it is given (the NLU's: mdp is mot de passe)", () => {
    const withNlu = createAnalyzer(terms);
    expect(withNlu.terms('mdp', 'fr')).toEqual(withNlu.terms('mot de passe', 'fr'));
    expect(analyzer.terms('mdp', 'fr')).not.toEqual(analyzer.terms('mot de passe', 'fr'));
  });

  it('reads a long text in bounded time and size', () => {
    const long = 'mot de passe '.repeat(10_000);
    expect(analyzer.terms(long, 'fr').length).toBeLessThan(2000);
  });

  it('asks its reader once per text and language, and every caller gets terms of its own', () => {
    const plain = plainTermReader();
    const asked: string[] = [];
    const counting = createAnalyzer((text, language) => {
      asked.push(`${language}:${text}`);
      return plain(text, language);
    });
    const first = counting.terms('Carte Vitale perdue', 'fr');
    first.push('changed by the caller');
    expect(counting.terms('Carte Vitale perdue', 'fr')).toEqual(analyzer.terms('Carte Vitale perdue', 'fr'));
    counting.terms('Carte Vitale perdue', 'en');
    // (The reader is also asked for the stop words, once per language.)
    expect(asked.filter((a) => a.endsWith(':Carte Vitale perdue'))).toEqual(['fr:Carte Vitale perdue', 'en:Carte Vitale perdue']);
  });
});

describe('plain text of source passages', () => {
  it('drops markdown marks and links', () => {
    expect(plainText('**Ce code n\'est valable que 15 min**')).toBe("Ce code n'est valable que 15 min");
    expect(plainText('via [France Services](#) et <u>Amelipro</u>')).toBe('via France Services et Amelipro');
  });

  it('replaces the placeholders of the letter and the e-mail templates', () => {
    const letter = plainText('Le service Mon espace santé sera créé automatiquement pour PRENOM_TITUL1 NOM_TITUL1 dans un délai de 1 mois');
    expect(letter).toBe('Le service Mon espace santé sera créé automatiquement pour la personne dans un délai de 1 mois');
    const mail = plainText('rendez-vous sur le site `$_{vars["eens.URLSite"]}`');
    expect(mail).toBe('rendez-vous sur le site monespacesante.fr');
  });
});
