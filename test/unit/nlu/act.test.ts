/**
 * The kind of a message, beside its topic. These lines come from the understanding issue and from
 * our own reading of the sources (studied data); the held-out kinds written apart are measured by
 * `npm run eval:understanding`.
 */
import { describe, expect, it } from 'vitest';
import type { DialogueAct } from '../../../src/nlu/types.js';
import { testNlu } from '../../support/nlu.js';

const { nlu } = testNlu();
const act = (text: string): DialogueAct => nlu.parse(text).act ?? { kind: 'statement' };

describe('dialogue acts', () => {
  it.each([
    ["pour mon mot de passe ameli j'ai mis une majuscule, des minuscules et un chiffre, ça passe ?", 'question'],
    ['le code provisoire il expire au bout de combien de temps ?', 'question'],
    ['à quel moment peut-on clôturer son profil ?', 'question'],
    ['pouvez-vous me dire combien de temps le lien est valable', 'question'],
    ['je voudrais savoir si je peux clôturer mon espace santé', 'question'],
    ['comment ça marche mon espace santé ?', 'question'],
    ['what is mon espace santé?', 'question'],
    ['est ce que je peux fermer mon espace sante quand je veux ?', 'question'],
    ["le lien je dois l'utiliser dans combien de temps ?", 'question'],
    ["tu peux m'aider pour quoi ?", 'question'],
    ['le code de securite ameli il est envoyé ou', 'question'],
    ['Do I need an e-mail address to open an ameli account?', 'question'],
    ['est-ce que je dois avoir une adresse mail ?', 'question'],
    ['mdp ameli perdu', 'request'],
    ["j'ai perdu mon mot de passe ameli", 'request'],
    ["j'ai oublié mon mot de passe, comment faire ?", 'request'],
    ['comment créer un compte ameli ?', 'request'],
    ["pouvez-vous m'aider à activer mon espace santé", 'request'],
    ['je veux clôturer mon espace santé', 'request'],
    ['je dois réinitialiser mon mot de passe', 'request'],
    ['je veux activer mon espace santé, comment faire ?', 'request'],
    ['réinitialiser mon mot de passe stp', 'request'],
    ['how do I activate it?', 'request'],
    ["est-ce que je peux avoir un nouveau code provisoire s'il vous plaît ?", 'request'],
    ['mon espace santé', 'statement'],
  ] as const)('"%s" is a %s', (text, kind) => {
    expect(act(text).kind).toBe(kind);
  });

  it('hears frustration, corrections, missing information and the wish for simpler words', () => {
    expect(act('tu sers à rien').complaint).toBe(true);
    expect(act("ça fait 3 fois que j'essaie, j'en ai marre").complaint).toBe(true);
    expect(act("l'agenda de mon espace santé sert à quoi ?").complaint).toBeUndefined();
    expect(act("non attendez je me suis trompée, c'est le 19/06/1987").correction).toBe(true);
    expect(act("je l'ai pas sur moi").lacking).toBe(true);
    expect(act('je sais pas où il est').lacking).toBe(true);
    expect(act("j'ai pas compris, vous pouvez expliquer plus simplement ?").simpler).toBe(true);
    expect(act('Can you explain it in English please?').sayAgainIn).toBe('en');
    expect(act("vous pouvez me le dire en anglais s'il vous plaît ?").sayAgainIn).toBe('en');
    expect(act('en français svp').sayAgainIn).toBe('fr');
    expect(act('Is there a phone line in English?').sayAgainIn).toBeUndefined();
    expect(act("le numéro en anglais c'est lequel ?").sayAgainIn).toBeUndefined();
    expect(act('où je trouve ce numéro ?').aboutStep).toBe(true);
    expect(act('bon tant pis je reviendrai ce soir avec mes papiers').later).toBe(true);
    expect(act('je vais chercher ma carte').later).toBeUndefined();
    expect(act("c'est n'importe quoi").complaint).toBe(true);
    expect(act('votre code provisoire marche jamais, c\'est insupportable').complaint).toBe(true);
    // "n'importe quoi" in a question is no complaint.
    expect(act("je peux mettre n'importe quoi comme identifiant ?").complaint).toBeUndefined();
  });

  it("names another administration's account, not ameli's", () => {
    expect(act("j'ai oublié mon mot de passe caf").otherAdministration).toBe('caf');
    expect(act("je n'arrive pas à me connecter à mon compte impots").otherAdministration).toBe('impots');
    expect(act('mon mot de passe pôle emploi ne marche plus').otherAdministration).toBe('france_travail');
    // The CAF asks for an ameli attestation: that is ours.
    expect(act('la caf me demande mon attestation de droits').otherAdministration).toBeUndefined();
    expect(act("j'ai oublié le mot de passe de mon compte ameli, pas celui de la caf").otherAdministration).toBeUndefined();
  });
});

describe('long messages', () => {
  const story =
    "Bonjour, je vous écris parce que depuis la semaine dernière j'essaie de me connecter à mon compte sur le site pour télécharger une attestation. " +
    "J'ai changé de téléphone il y a un mois et depuis je ne retrouve plus rien. Mon fils m'a dit de vous écrire ici. " +
    "J'ai essayé plusieurs fois mais aucun mot de passe ne marche et je commence à m'inquiéter. ";

  it('reads the request at the end of a story, not the story', () => {
    const text = `${story.repeat(5)}Bref j'ai oublié mon mot de passe.`;
    expect(text.length).toBeGreaterThan(1500);
    const parsed = nlu.parse(text);
    expect(parsed.intent.name).toBe('account.password_reset');
    expect(parsed.act?.kind).toBe('request');
    expect(text.slice(parsed.focus?.start, parsed.focus?.end)).toBe("Bref j'ai oublié mon mot de passe.");
  });

  it('reads a story closed by a question that names no topic as a question about the story', () => {
    const text =
      "Hier soir j'avais oublié mon mot de passe ameli. J'ai cliqué sur mot de passe oublié, j'ai rentré mon numéro de sécu et ma date de naissance, et j'ai bien reçu un mail. " +
      "Je n'ai cliqué sur le lien que ce matin et il n'est plus valide. Combien de temps ce lien reste-t-il utilisable en fait ?";
    const parsed = nlu.parse(text);
    // The topic comes from the story; the closing question makes it a question, not a request.
    expect(parsed.intent.name).toBe('account.password_reset');
    expect(parsed.act?.kind).toBe('question');
    // The same story ending with the request stays a request.
    expect(nlu.parse(text.replace(/Combien de temps.*$/, 'Bref, je voudrais un nouveau lien.')).act?.kind).toBe('request');
    // A story that says outright what is wanted, closed by "can you do it?", asks for it to be done.
    const wish = "Ma fille a reçu son courrier Mon espace santé et moi aussi j'en ai reçu un avec un code. Je ne suis pas trop pour ces trucs numériques. Mais moi je voudrais m'opposer à la création de mon espace santé. Je peux le faire avec vous directement ?";
    expect(nlu.parse(wish).act?.kind).toBe('request');
  });

  it('keeps the values of the whole message, and its language', () => {
    const text = `${story}Mon numéro est le 1 79 03 75 056 234 45, je suis né le 22/03/1979. Je voudrais réinitialiser mon mot de passe.`;
    const parsed = nlu.parse(text);
    expect(parsed.entities.map((e) => e.type)).toEqual(expect.arrayContaining(['nir', 'birth_date']));
    expect(parsed.language).toBe('fr');
    expect(parsed.intent.name).toBe('account.password_reset');
  });
});
