import { loadNlu } from './src/nlu/index.js';
import { createKnowledgeBase } from './src/knowledge/index.js';
const { nlu } = loadNlu();
for (const index of ['minisearch','flexsearch'] as const) {
const kb = createKnowledgeBase({ terms: (t, l) => nlu.terms(t, l), index });
for (const q of ["kels sont les regle pour le mot de pase de mon espace santé", "MES", "mdp", "CEAM", "3646 prix", "le lien pour reinitialiser le mdp ameli il est valable combien de temps ?", "Bonjour, j'ai reçu un courrier de l'assurance maladie il y a quelques semaines. Mon fils l'a jeté par erreur avec les publicités. Je ne sais plus où j'en suis. Je voudrais savoir combien de temps le code provisoire reste valable ?"]) {
  const t = performance.now();
  const r = kb.retrieve!(q, { limit: 3 });
  console.log(index, (performance.now()-t).toFixed(1), q.slice(0,50), '→', r.map(x => `${x.entryId}#${x.faqId ?? x.kind} ${x.score} [${x.question ?? x.passage?.passage.slice(0,40)}]`).join(' | '));
  console.log('   search →', kb.search(q, {limit: 3}).map(h => `${h.id} ${h.score} ${h.match?.question ?? ''}`).join(' | '));
}}
