import { describe, expect, it } from 'vitest';
import { parsePlaceholders, render, type TemplateScope } from '../../../src/engine/template.js';

function scope(slots: Record<string, unknown>, language: 'fr' | 'en' = 'fr'): TemplateScope {
  return {
    language,
    now: new Date('2026-01-15T09:00:00.000Z'),
    lookup: (path) => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), slots),
    fact: (ref, lang) => ({ 'password-reset.link_validity': lang === 'en' ? '30 minutes' : '30 minutes' })[ref],
    ruleLabel: (policy, rule, lang) => ({ digit: lang === 'en' ? '1 digit' : '1 chiffre', special: lang === 'en' ? '1 special character' : '1 caractère spécial' })[rule],
  };
}

describe('copy templates', () => {
  it('fills slots and facts', () => {
    expect(render('Envoyé à {{emailMasked}}, valable {{fact:password-reset.link_validity}}.', scope({ emailMasked: 'a***@b***.fr' }))).toBe(
      'Envoyé à a***@b***.fr, valable 30 minutes.',
    );
  });

  it('masks a NIR and an e-mail in recaps', () => {
    expect(render('{{nir|masknir}}', scope({ nir: '185057800608491' }))).toBe('1 85 ** ** *** *** 91');
    expect(render('{{email|maskemail}}', scope({ email: 'ines.martin@orange.fr' }))).toBe('i***@o***.fr');
  });

  it('writes an ISO date the French way and upper-cases names', () => {
    expect(render('{{d|date}} {{n|upper}}', scope({ d: '1985-03-12', n: 'Le Guellec' }))).toBe('12/03/1985 LE GUELLEC');
  });

  it('says "un chiffre" for one and "2 chiffres" for more', () => {
    const t = 'Il manque {{details.missing|plural:un chiffre:# chiffres}}.';
    expect(render(t, scope({ details: { missing: 1 } }))).toBe('Il manque un chiffre.');
    expect(render(t, scope({ details: { missing: 2 } }))).toBe('Il manque 2 chiffres.');
  });

  it('names failed rules and lists first names in the reader’s language', () => {
    expect(render('{{failed|rules:mes_password}}', scope({ failed: 'special,digit' }))).toBe('1 caractère spécial et 1 chiffre');
    expect(render('{{failed|rules:mes_password}}', scope({ failed: ['digit', 'special'] }, 'en'))).toBe('1 digit and 1 special character');
    const kids = [{ firstName: 'Mathis' }, { firstName: 'Lola' }, { firstName: 'Louis' }];
    expect(render('{{kids|names}}', scope({ kids }))).toBe('Mathis, Lola et Louis');
    expect(render('{{kids|names}}', scope({ kids }, 'en'))).toBe('Mathis, Lola and Louis');
  });

  it('counts minutes until a time, rounded up, and shows it in Paris time', () => {
    const s = scope({ until: '2026-01-15T09:14:30.000Z' });
    expect(render('{{until|minutesFromNow}}', s)).toBe('15');
    expect(render('{{until|time}}', s)).toBe('10:14');
  });

  it('renders a missing slot as nothing and refuses an unknown filter or fact', () => {
    expect(render('[{{nothing}}]', scope({}))).toBe('[]');
    expect(() => render('{{x|shout}}', scope({ x: 'a' }))).toThrow(/unknown template filter "shout"/);
    expect(() => render('{{fact:nope.nothing}}', scope({}))).toThrow(/unknown fact "nope.nothing"/);
  });

  it('parses placeholders with their filters and arguments', () => {
    expect(parsePlaceholders('{{ a.b|plural:un:# x }} {{fact:c.d}}')).toEqual([
      { raw: '{{ a.b|plural:un:# x }}', kind: 'path', ref: 'a.b', filters: [{ name: 'plural', args: ['un', '# x'] }] },
      { raw: '{{fact:c.d}}', kind: 'fact', ref: 'c.d', filters: [] },
    ]);
  });
});

describe('French elision', () => {
  it('writes "d\'activer" but "de créer", and nothing in English', () => {
    expect(render('en train {{p|de}}', scope({ p: 'activer Mon espace santé' }))).toBe("en train d'activer Mon espace santé");
    expect(render('en train {{p|de}}', scope({ p: 'créer votre compte' }))).toBe('en train de créer votre compte');
    expect(render('{{p|de}}', scope({ p: 'activating' }, 'en'))).toBe('activating');
  });
});
