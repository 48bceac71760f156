/**
 * The agent console in a real browser (Debian's Chromium driven by playwright-core): log in with
 * the key, search as you type, see the answer with its figures highlighted, the steps and the
 * source, copy it, filter by topic, work the handoff queue, everything with the keyboard only,
 * and an axe-core scan without serious or critical violations.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/shared/paths.js';
import { AGENT_KEY, startAgentServer, type AgentServer } from '../support/agent-server.js';
import { CHROMIUM_ARGS, chromiumForTests } from '../support/services.js';

const chromiumPath = chromiumForTests();

/** What the tests read in the page (the project compiles without DOM types). */
interface BrowserGlobals {
  sessionStorage: { getItem(key: string): string | null };
  navigator: { clipboard: { readText(): Promise<string> } };
  document: { activeElement: { id: string; tagName: string; textContent: string | null } | null };
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }>;
}

async function seriousViolations(page: Page): Promise<string[]> {
  // Injected through the debugging protocol: the page's CSP (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(readFileSync(fromRoot('node_modules/axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => (globalThis as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run());
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

describe.skipIf(!chromiumPath)('agent console in Chromium', () => {
  let server: AgentServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    server = await startAgentServer();
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async () => {
    consoleErrors.length = 0;
    context = await browser.newContext({ locale: 'fr-FR' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    page.on('console', (m) => {
      // The refused key of the first test is an expected 401.
      if (m.type() === 'error' && !m.text().includes('status of 401')) consoleErrors.push(m.text());
    });
    await page.goto(`${server.url}/agent`);
  };
  afterEach(async () => {
    await context?.close();
  });

  const logIn = async (key = AGENT_KEY) => {
    await page.getByLabel("Clé d'accès conseiller").fill(key);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  };
  const results = () => page.getByRole('list', { name: 'Réponses' }).locator('article');

  it('asks for the key, refuses a wrong one, keeps the right one in sessionStorage and never in the URL', async () => {
    await open();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect(page.title()).resolves.toMatch(/Console conseiller/);
    expect(await seriousViolations(page)).toEqual([]);

    await logIn('wrong-key-0123456789');
    await page.getByRole('alert').filter({ hasText: 'Clé refusée' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('agentApiKey'))).toBeNull();

    await logIn();
    await page.getByRole('heading', { name: 'Rechercher une réponse' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('agentApiKey'))).toBe(AGENT_KEY);
    expect(page.url()).toBe(`${server.url}/agent`);

    // A reload keeps the session; logging out forgets the key.
    await page.reload();
    await page.getByRole('heading', { name: 'Rechercher une réponse' }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByLabel("Clé d'accès conseiller").waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('agentApiKey'))).toBeNull();
    expect(consoleErrors).toEqual([]);
  });

  it('answers as the agent types: "md" shows the password reset with its figure highlighted, steps and source; copy puts it on the clipboard', async () => {
    await open();
    await logIn();
    const search = page.getByLabel('Question ou mot-clé');
    await search.pressSequentially('md');
    const first = results().first();
    await first.getByRole('heading', { name: 'Mot de passe du compte ameli oublié' }).waitFor();
    expect(await first.locator('.answer mark').allTextContents()).toContain('30 minutes');
    expect(await first.locator('.facts dd').allTextContents()).toContain('30 minutes');
    await first.getByRole('heading', { name: "À lire à l'appelant" }).waitFor();
    expect(await first.locator('.steps li').count()).toBe(4);
    // The precise questions of the topic, with their own answers.
    await first.getByText(/^Questions précises \(\d+\)$/).click();
    await first.getByText('Le lien de réinitialisation reçu par e-mail est valable 30 minutes', { exact: false }).first().waitFor();
    await first.getByText(/^Sources \(\d+\)$/).click();
    await first.getByText('Important : le lien de réinitialisation contenu dans le mail est valable 30 minutes.').waitFor();

    await first.getByRole('button', { name: 'Copier la réponse' }).click();
    await page.getByRole('status').filter({ hasText: 'copiée' }).waitFor();
    const copied = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).navigator.clipboard.readText());
    expect(copied).toContain('Mot de passe du compte ameli oublié');
    expect(copied).toContain('il est valable 30 minutes');
    expect(copied).toContain('1. Sur la page d');

    // An answer with long facts stays inside its column.
    await search.fill('opposition');
    await results().first().getByRole('heading', { name: "S'opposer à la création de Mon espace santé" }).waitFor();
    const column = await page.locator('#search-section').boundingBox();
    const card = await results().first().boundingBox();
    expect(card!.x + card!.width).toBeLessThanOrEqual(column!.x + column!.width);
    await search.fill('');

    // Other two-keystroke searches.
    for (const [query, title] of [
      ['36', "Contacter l'Assurance Maladie : téléphone, message, rendez-vous"],
      ['esp', "Mon espace santé : c'est quoi ?"],
      ['op', "S'opposer à la création de Mon espace santé"],
    ] as const) {
      await search.fill('');
      await search.pressSequentially(query);
      await results().first().getByRole('heading', { name: title }).waitFor();
    }
    expect(await seriousViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('filters by topic: a topic alone lists its answers, and a search stays inside it', async () => {
    await open();
    await logIn();
    await page.getByRole('radio', { name: /Carte Vitale et CEAM/ }).check();
    await page.getByRole('status').filter({ hasText: 'réponses dans ce thème' }).waitFor();
    const titles = await results().locator('h3').allTextContents();
    expect(titles).toContain("L'appli carte Vitale");
    expect(titles).not.toContain('Mot de passe du compte ameli oublié');

    await page.getByLabel('Question ou mot-clé').pressSequentially('perdue');
    await results().first().getByRole('heading', { name: 'Carte Vitale perdue ou volée' }).waitFor();
    await page.getByRole('radio', { name: /Tous les thèmes/ }).check();
    await page.getByLabel('Question ou mot-clé').fill('');
    await page.getByLabel('Question ou mot-clé').pressSequentially('mot de passe');
    await results().first().getByRole('heading', { name: 'Mot de passe du compte ameli oublié' }).waitFor();
  });

  it('finds a misspelt question, shows the closest question and its answer, and quotes sources as plain text', async () => {
    await open();
    await logIn();
    const search = page.getByLabel('Question ou mot-clé');
    await search.fill('kels sont les regle pour le mot de pase de mon espace santé');
    const first = results().first();
    await first.locator('.match-question').waitFor();
    expect(await first.locator('.match-question').textContent()).toMatch(/^Question la plus proche : « .+ »$/);
    const shown = await results().allTextContents();
    expect(shown.join('\n')).toMatch(/8 caractères minimum/);

    // A passage of the Mon espace santé letter, which the source writes with placeholders.
    await search.fill('délai création automatique après le courrier Mon espace santé');
    const opposition = results().filter({ has: page.getByRole('heading', { name: "S'opposer à la création de Mon espace santé" }) }).first();
    await opposition.waitFor();
    await opposition.getByText(/^Sources \(\d+\)$/).click();
    const text = (await results().allTextContents()).join('\n');
    expect(text).toContain('créé automatiquement pour la personne dans un délai de 1 mois');
    expect(text).not.toMatch(/\*\*|PRENOM_TITUL1|NOM_TITUL1|\$_\{vars/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('works with the keyboard only: log in, search, reach a result, open a handoff request and take it', async () => {
    const request = await server.assistant.services.handoffs.create({
      conversationId: 'conv-browser',
      channel: 'webchat',
      topic: 'mes.provisional_code',
      mode: 'callback',
      subject: 'Activer Mon espace santé',
      reason: 'repeated_failures',
      transcript: [
        { from: 'user', text: "j'ai perdu mon code provisoire, mon mail est ines.martin@orange.fr", at: '2026-01-15T09:00:00.000Z' },
        { from: 'bot', text: 'Je vous mets en relation avec un conseiller.', at: '2026-01-15T09:00:01.000Z' },
      ],
    });
    await open();
    const focused = () =>
      page.evaluate(() => {
        const active = (globalThis as unknown as BrowserGlobals).document.activeElement;
        return { id: active?.id ?? '', text: active?.textContent?.trim() ?? '', tag: active?.tagName ?? '' };
      });

    // The key field has the focus on arrival; nothing of the console shows before the key; Enter submits.
    expect((await focused()).id).toBe('api-key');
    expect(await page.getByRole('heading', { name: 'Rechercher une réponse' }).isVisible()).toBe(false);
    await page.keyboard.type(AGENT_KEY);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Rechercher une réponse' }).waitFor();
    expect((await focused()).id).toBe('q');

    await page.keyboard.type('cp');
    await results().first().getByRole('heading', { name: 'Le code provisoire de Mon espace santé' }).waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatchObject({ tag: 'H3', text: 'Le code provisoire de Mon espace santé' });
    await page.keyboard.press('ArrowUp');
    expect((await focused()).id).toBe('q');
    await page.keyboard.press('Escape');
    expect(await page.getByLabel('Question ou mot-clé').inputValue()).toBe('');

    // Tab to the request's "Ouvrir" button.
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused()).text === 'Ouvrir';
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Demande reçue le/ }).waitFor();
    expect((await focused()).id).toBe('detail-title');
    const transcript = await page.locator('#transcript').textContent();
    expect(transcript).toContain('i***@o***.fr');
    expect(transcript).not.toContain('ines.martin');
    expect(await seriousViolations(page)).toEqual([]);

    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Marquer comme prise en charge');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Demande prise en charge' }).waitFor();
    expect((await server.assistant.services.handoffs.get(request.id))?.status).toBe('taken');
    await page.locator('#detail-fields').getByText(/Prise en charge par conseiller/).waitFor();
    // The waiting list no longer shows it.
    await expect(page.locator(`#queue-body tr[data-id="${request.id}"]`).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    expect(await page.locator('#handoff-detail').isHidden()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
