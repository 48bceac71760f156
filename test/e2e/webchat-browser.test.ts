/**
 * The web chat page in a real browser (Debian's Chromium driven by playwright-core): the official
 * Web Chat bundle, a token from the server, the welcome, a message and its reply, suggested
 * actions as buttons, and an axe-core scan with no serious or critical violation.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/shared/paths.js';
import { startAssistant, TEST_SECRET, type RunningAssistant } from '../support/assistant.js';
import { createFakeEngine } from '../support/fake-engine.js';
import { CHROMIUM_ARGS, chromiumForTests } from '../support/services.js';

const chromiumPath = chromiumForTests();

const engine = createFakeEngine({
  welcome: [
    {
      text: "Bonjour, je suis l'assistant de l'Assurance Maladie. Que souhaitez-vous faire ?",
      suggestedActions: [
        { title: 'Créer mon compte ameli', value: 'créer mon compte ameli' },
        { title: 'Mot de passe oublié', value: 'mot de passe oublié' },
      ],
      language: 'fr',
    },
  ],
  answer: (input) =>
    input.text === 'bonjour'
      ? [{ text: 'Bonjour ! Je peux vous aider pour **votre compte ameli**.', suggestedActions: [{ title: 'Mon espace santé', value: 'mon espace santé' }], language: 'fr' }]
      : [
          {
            text: `Voici ce que je sais sur « ${input.text} ».`,
            card: { title: 'Mon espace santé', text: 'Votre carnet de santé numérique.', facts: [{ title: 'Code provisoire', value: 'valable 6 semaines' }], actions: [{ title: 'Recommencer', value: 'recommencer' }] },
            language: 'fr',
          },
        ],
});

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }>;
}

describe.skipIf(!chromiumPath)('web chat page in Chromium', () => {
  let server: RunningAssistant;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const bodies: string[] = [];
  const sockets: string[] = [];

  beforeAll(async () => {
    server = await startAssistant({ engine });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await browser.newPage({ locale: 'fr-FR' });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('websocket', (ws) => sockets.push(ws.url()));
    page.on('response', (r) => {
      if (!r.url().endsWith('/vendor/webchat.js')) void r.text().then((t) => bodies.push(t), () => undefined);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the welcome, answers "bonjour", offers suggested actions as buttons, and passes axe-core', async () => {
    await page.goto(server.url);
    await expect(page.title()).resolves.toMatch(/Assurance Maladie/);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');

    // The welcome appears as soon as the conversation starts, with its suggested actions.
    const bubble = (text: string) => page.locator('.webchat__bubble__content', { hasText: text }).first();
    await bubble('Que souhaitez-vous faire ?').waitFor({ timeout: 15_000 });
    const suggested = (name: string) => page.getByRole('toolbar', { name: 'Actions suggérées' }).getByRole('button', { name });
    await suggested('Créer mon compte ameli').waitFor();

    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill('bonjour');
    await input.press('Enter');
    await bubble('Je peux vous aider pour').waitFor({ timeout: 10_000 });
    expect(await page.locator('strong', { hasText: 'votre compte ameli' }).count()).toBeGreaterThan(0);

    // A suggested action is a button that sends its value as the person's message.
    await suggested('Mon espace santé').click();
    await page.locator('.ac-adaptiveCard', { hasText: 'Votre carnet de santé numérique.' }).first().waitFor({ timeout: 10_000 });
    expect(engine.turns.map((t) => t.text)).toEqual(['bonjour', 'mon espace santé']);
    expect(engine.turns[0]?.userId).toMatch(/^dl_/);
    // The replies came on the conversation's WebSocket stream, not by polling.
    expect(sockets.some((u) => /\/v3\/directline\/conversations\/[^/]+\/stream\?/.test(u)), sockets.join(', ')).toBe(true);

    // Evaluated through the debugging protocol: the page's CSP (rightly) refuses injected <script> tags.
    await page.evaluate(readFileSync(fromRoot('node_modules/axe-core/axe.min.js'), 'utf8'));
    const result = await page.evaluate(() => (globalThis as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run());
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);

    // The secret never reaches the browser, and the page runs without errors (CSP included).
    expect(bodies.join('\n')).not.toContain(TEST_SECRET);
    expect(await page.content()).not.toContain(TEST_SECRET);
    expect(consoleErrors).toEqual([]);
  });
});

describe.skipIf(!chromiumPath)('web chat page when its address opened too many conversations', () => {
  let server: RunningAssistant;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAssistant({ engine, env: { WEBCHAT_TOKENS_PER_MINUTE: '1' } });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says so in French and when to try again, instead of an empty chat', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(server.url);
    await page.locator('.webchat__bubble__content').first().waitFor({ timeout: 15_000 });
    await page.reload();
    await page.getByText('Trop de conversations ont été ouvertes depuis cet appareil. Merci de réessayer dans une minute.').waitFor({ timeout: 10_000 });
  });
});
