/**
 * Draws a procedure as a Mermaid flowchart, for people who would rather look than read: one node
 * per step (its shape says what it does), one arrow per way out, labelled with the answer or the
 * backend outcome that takes it. GitHub and most Markdown viewers render Mermaid.
 */
import type { Procedure, Step } from './definitions.js';
import type { DialogCatalog } from './loader.js';
import { successors } from './dialog-checks/graph.js';

const MAX_LABEL = 70;

/** Mermaid-safe text: placeholders shown plainly, quotes and brackets escaped, long copy shortened. */
function label(text: string): string {
  const plain = text.replace(/\{\{\s*fact:([^}]+?)\s*\}\}/g, '[$1]').replace(/\{\{\s*([^}|]+?)(\|[^}]*)?\s*\}\}/g, '‹$1›');
  const short = plain.length > MAX_LABEL ? `${plain.slice(0, MAX_LABEL - 1)}…` : plain;
  return short.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\n/g, ' ');
}

function nodeText(id: string, step: Step): string {
  switch (step.type) {
    case 'ask':
      return `${id}<br/>❓ ${label(step.prompt.fr)}${step.secret ? ' 🔒' : ''}`;
    case 'choice':
      return `${id}<br/>❓ ${label(step.prompt.fr)}`;
    case 'call':
      return `${id}<br/>⚙ ${step.operation}`;
    case 'branch':
      return `${id}<br/>${step.on} ?`;
    case 'route':
      return `${id}<br/>selon la demande`;
    case 'sub':
      return `${id}<br/>↳ ${step.procedure}`;
    case 'goto':
      return `${id}<br/>→ ${step.procedure}`;
    case 'return':
      return `${id}<br/>⤴ ${step.value}`;
    case 'handoff':
      return `${id}<br/>👤 conseiller`;
    default:
      return `${id}${step.say?.[0] ? `<br/>${label(step.say[0].fr)}` : ''}`;
  }
}

/** Node ids are prefixed: a step may be named like a Mermaid keyword ("end"). */
const nid = (id: string) => `s_${id}`;

function node(stepId: string, step: Step): string {
  const t = nodeText(stepId, step);
  const id = nid(stepId);
  switch (step.type) {
    case 'ask':
    case 'choice':
      return `${id}[/"${t}"/]`;
    case 'call':
      return `${id}{{"${t}"}}`;
    case 'branch':
    case 'route':
      return `${id}{"${t}"}`;
    case 'sub':
      return `${id}[["${t}"]]`;
    case 'goto':
    case 'return':
      return `${id}>"${t}"]`;
    case 'end':
    case 'handoff':
      return `${id}(["${t}"])`;
    default:
      return `${id}["${t}"]`;
  }
}

/** The label of each way out of a step (option title, outcome, case), in successor order. */
function edgeLabels(step: Step): string[] {
  switch (step.type) {
    case 'ask':
      return ['', ...(step.alternatives ?? []).map((o) => o.title.fr)];
    case 'choice':
      return step.options.map((o) => o.title.fr);
    case 'route':
      return [...step.options.map((o) => o.title.fr), 'sinon'];
    case 'call':
      return Object.keys(step.on).map((k) => (k === 'default' ? 'autre erreur' : k));
    case 'branch':
      return [...Object.keys(step.cases), 'sinon'];
    case 'pick':
      return ['suivant', 'plus aucun'];
    case 'sub':
      return [...Object.keys(step.on ?? {}), 'sinon'];
    default:
      return [];
  }
}

export function procedureDiagram(procedure: Procedure): string {
  const lines = ['flowchart TD', `  begin((" ")) --> ${nid(procedure.start)}`];
  for (const [id, step] of Object.entries(procedure.steps)) {
    lines.push(`  ${node(id, step)}`);
    const labels = edgeLabels(step);
    successors(step).forEach((next, i) => {
      const l = labels[i];
      lines.push(l ? `  ${nid(id)} -->|"${label(l)}"| ${nid(next.id)}` : `  ${nid(id)} --> ${nid(next.id)}`);
    });
  }
  lines.push('  classDef question fill:#e8f1fb,stroke:#0c419a', '  classDef backend fill:#fff4e0,stroke:#b35c00', '  classDef done fill:#e6f4ea,stroke:#1e7e34');
  const ids = (types: Step['type'][]) => Object.entries(procedure.steps).filter(([, s]) => types.includes(s.type)).map(([id]) => id);
  for (const [cls, types] of [
    ['question', ['ask', 'choice']],
    ['backend', ['call']],
    ['done', ['end', 'handoff', 'return', 'goto']],
  ] as const) {
    const list = ids([...types]);
    if (list.length > 0) lines.push(`  class ${list.map(nid).join(',')} ${cls}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every procedure's diagram, plus a Markdown index that shows them all. */
export function catalogDiagrams(catalog: DialogCatalog): { files: Record<string, string>; index: string } {
  const files: Record<string, string> = {};
  const parts = [
    '# Les procédures de l’assistant',
    '',
    'Généré par `npm run dialogs:diagram` à partir de `dialogs/`. Légende : ❓ question, 🔒 réponse secrète (jamais gardée), ⚙ appel au service, ↳ sous-procédure, → autre procédure.',
    '',
  ];
  for (const procedure of [...catalog.procedures.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const mmd = procedureDiagram(procedure);
    files[`${procedure.id}.mmd`] = mmd;
    parts.push(
      `## ${procedure.title.fr} (\`${procedure.id}\`)`,
      '',
      `${procedure.kind === 'subdialog' ? 'Sous-procédure' : `Intentions : ${procedure.intents.join(', ')}`} — source : \`${catalog.files.get(procedure.id) ?? ''}\``,
      '',
      '```mermaid',
      mmd.trimEnd(),
      '```',
      '',
    );
  }
  return { files, index: parts.join('\n') };
}
