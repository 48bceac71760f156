/**
 * The agent console's search over HTTP, on the assembled assistant: long and misspelt questions,
 * a story ending with its question, and the keyword queries agents type during a call find the
 * fact in the top 3; each result names the precise question that matched; source passages come
 * as plain text (no markdown marks, no template placeholders).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResultView } from '../../../src/channels/agent-console/views.js';
import { states } from '../../../src/knowledge/index.js';
import { getJson, startAgentServer, type AgentServer } from '../../support/agent-server.js';

type Results = { results: SearchResultView[] };

/** What an agent reads of a result: the matched question, its answer and passage, the entry's answer and steps. */
const shown = (r: SearchResultView) => [r.title, r.match?.question ?? '', r.match?.answer ?? '', r.match?.passage?.passage ?? '', r.answer, ...(r.steps ?? [])].join('\n');

describe('agent console search', () => {
  let server: AgentServer;
  beforeAll(async () => {
    server = await startAgentServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  const search = async (q: string, limit = 3) => {
    const { status, body } = await getJson<Results>(`${server.url}/api/agent/search?q=${encodeURIComponent(q)}&limit=${limit}`);
    expect(status).toBe(200);
    return body.results;
  };

  it.each<[string, string[]]>([
    // The reproductions: a misspelt question, and a story ending with its question.
    ['kels sont les regle pour le mot de pase de mon espace santé', ['re:8 caract', 'majuscule', 'minuscule']],
    [
      "Bonjour, j'appelle pour ma tante. Elle a 79 ans et vit seule à Roanne. Elle a reçu un courrier de l'Assurance Maladie au printemps, elle l'a rangé et n'a rien fait. Maintenant elle a peur d'avoir raté quelque chose. Que se passe-t-il si on n'a pas répondu au courrier Mon espace santé ?",
      ['re:automatiquement'],
    ],
    // What agents type during a call.
    ['MES', ['re:mon espace sant[eé]']],
    ['mdp', ['re:mot de passe']],
    ['CEAM', ['re:carte europ[eé]enne']],
    ['3646 prix', ['re:gratuit', 're:prix']],
    ['AME conditions', ['re:3 mois']],
    ['mdp MES règles', ['re:8 caract', 're:sp[eé]cial']],
    ['EPS Riorges', ['0477442490']],
    ['atelier numérique jeudi', ['re:13 ?h ?30', 're:16 ?h ?15']],
    // Missing topics of the issue.
    ['complémentaire santé solidaire avance des frais', ['re:ne payez plus']],
    ['Aidants Connect pour un proche', ['re:aidants familiaux']],
    ['ordonnance numérique ce que voit le médecin', ['re:oui ou non']],
    ['masquer un document à un professionnel', ['re:masquer']],
  ])('finds the fact of "%s" in the top 3', async (q, must) => {
    const results = await search(q);
    const found = results.some((r) => must.every((m) => states(m, shown(r))));
    expect(found, results.map((r) => `${r.id}: ${r.match?.question ?? ''}`).join(' | ')).toBe(true);
  });

  it('shows the precise question that matched, with its answer', async () => {
    const [first] = await search('le lien de réinitialisation du mot de passe ameli est valable combien de temps');
    expect(first?.id).toBe('password-reset');
    expect(first?.match?.question).toBeTruthy();
    expect(first?.match?.answer ?? first?.answer).toContain('30 minutes');
  });

  it('gives source passages as plain text, without markdown marks or template placeholders', async () => {
    const queries = ['délai création automatique Mon espace santé courrier', 'code provisoire valable combien de temps', 'appli carte vitale mutuelle', 'AME conditions', 'email Mon espace santé délai'];
    for (const q of queries) {
      for (const r of await search(q, 8)) {
        const passages = [...(r.sources ?? []).map((s) => s.passage), r.match?.passage?.passage ?? ''];
        for (const p of passages) {
          expect(p, `${q} → ${r.id}`).not.toMatch(/\*\*|PRENOM_TITUL1|NOM_TITUL1|\$_\{vars|\]\(#\)/);
        }
      }
    }
    const entry = await getJson<{ entry: { sources: Array<{ passage: string }> } }>(`${server.url}/api/agent/entries/mes-opposition`);
    for (const s of entry.body.entry.sources) expect(s.passage).not.toMatch(/\*\*|PRENOM_TITUL1|NOM_TITUL1/);
  });

  it('refuses nothing on odd input: empty, very long, symbols', async () => {
    expect(await search('')).toEqual([]);
    expect((await getJson<Results>(`${server.url}/api/agent/search?q=${encodeURIComponent('a'.repeat(5000))}`)).status).toBe(200);
    expect((await getJson<Results>(`${server.url}/api/agent/search?q=${encodeURIComponent('*** ((( ??? ')}`)).status).toBe(200);
  });
});
