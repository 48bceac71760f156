/**
 * The web chat page in a real browser (Debian's Chromium driven by playwright-core): the official
 * Web Chat bundle, a token from the server, the welcome, a message and its reply, suggested
 * actions as buttons, cards that read well on a phone (a real numbered list, fact labels that wrap
 * between words, a compact header and footer at 375×740), the typing indicator of a long turn, the
 * "Facile à lire" switch, screenshots (desktop and phone) and axe-core on every state.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAssistant, TEST_SECRET, type RunningAssistant } from '../support/assistant-server.js';
import { DESKTOP, PHONE, screenshot, seriousViolations } from '../support/browser.js';
import { createScriptedEngine } from '../support/scripted-engine.js';
import { CHROMIUM_ARGS, chromiumForTests } from '../support/services.js';

const chromiumPath = chromiumForTests();

let release: (() => void) | undefined;
const engine = createScriptedEngine({
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
  answer: async (input) => {
    if (input.text === 'bonjour') return [{ text: 'Bonjour ! Je peux vous aider pour **votre compte ameli**.', suggestedActions: [{ title: 'Mon espace santé', value: 'mon espace santé' }], language: 'fr' }];
    if (input.text === 'lent') await new Promise<void>((resolve) => (release = resolve));
    if (input.text === 'carte vitale') {
      return [
        {
          text: 'Voici comment commander votre carte Vitale.',
          card: {
            title: 'Commander une carte Vitale',
            facts: [
              // Long values squeeze the label column: without care, "Commander" breaks as "Comma/nder".
              { title: 'Commander', value: 'dans votre compte ameli, rubrique « Mes démarches », ou par téléphone' },
              { title: "Téléphone de l'Assurance Maladie", value: '3646 (service gratuit + prix appel), du lundi au vendredi' },
            ],
            steps: ['Connectez-vous à votre compte ameli', 'Ouvrez « Mes démarches »', 'Choisissez « Commander une carte Vitale »'],
            actions: [{ title: 'Recommencer', value: 'recommencer' }],
          },
          language: 'fr',
        },
      ];
    }
    return [
      {
        text: `Voici ce que je sais sur « ${input.text} ».`,
        card: { title: 'Mon espace santé', text: 'Votre carnet de santé numérique.', facts: [{ title: 'Code provisoire', value: 'valable 6 semaines' }], actions: [{ title: 'Recommencer', value: 'recommencer' }] },
        language: 'fr',
      },
    ];
  },
});

describe.skipIf(!chromiumPath)('web chat page in Chromium', { timeout: 120_000 }, () => {
  let server: RunningAssistant;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const bodies: string[] = [];
  const sockets: string[] = [];

  beforeAll(async () => {
    server = await startAssistant({ engine });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await browser.newPage({ locale: 'fr-FR', viewport: DESKTOP });
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

  const bubble = (text: string) => page.locator('.webchat__bubble__content', { hasText: text }).first();
  const send = async (text: string) => {
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill(text);
    await input.press('Enter');
  };

  it('shows the welcome, answers "bonjour", offers suggested actions as buttons, and passes axe-core', async () => {
    await page.goto(server.url);
    await expect(page.title()).resolves.toMatch(/Assurance Maladie/);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');

    // The welcome appears as soon as the conversation starts, with its suggested actions.
    await bubble('Que souhaitez-vous faire ?').waitFor({ timeout: 15_000 });
    const suggested = (name: string) => page.getByRole('toolbar', { name: 'Actions suggérées' }).getByRole('button', { name });
    await suggested('Créer mon compte ameli').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await send('bonjour');
    await bubble('Je peux vous aider pour').waitFor({ timeout: 10_000 });
    expect(await page.locator('strong', { hasText: 'votre compte ameli' }).count()).toBeGreaterThan(0);

    // A suggested action is a button that sends its value as the person's message.
    await suggested('Mon espace santé').click();
    await page.locator('.ac-adaptiveCard', { hasText: 'Votre carnet de santé numérique.' }).first().waitFor({ timeout: 10_000 });
    expect(engine.turns.map((t) => t.text)).toEqual(['bonjour', 'mon espace santé']);
    expect(engine.turns[0]?.userId).toMatch(/^dl_/);
    // The replies came on the conversation's WebSocket stream, not by polling.
    expect(sockets.some((u) => /\/v3\/directline\/conversations\/[^/]+\/stream\?/.test(u)), sockets.join(', ')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'webchat-desktop-card');

    // The secret never reaches the browser, and the page runs without errors (CSP included).
    expect(bodies.join('\n')).not.toContain(TEST_SECRET);
    expect(await page.content()).not.toContain(TEST_SECRET);
    expect(consoleErrors).toEqual([]);
  });

  it('shows that the assistant is typing while a turn takes long, until the reply comes', async () => {
    await send('lent');
    await page.locator('.webchat__typing-indicator').first().waitFor({ timeout: 10_000 });
    expect(await seriousViolations(page)).toEqual([]);
    release?.();
    await bubble('Voici ce que je sais sur « lent »').waitFor({ timeout: 10_000 });
  });

  it('sends the "Facile à lire" switch with every message, and keeps it across a reload', async () => {
    const easyRead = page.getByRole('switch', { name: 'Facile à lire' });
    await easyRead.check();
    await page.getByRole('status').filter({ hasText: 'Les prochaines réponses seront en facile à lire.' }).waitFor();
    await send('facile');
    await bubble('Voici ce que je sais sur « facile »').waitFor({ timeout: 10_000 });
    expect(engine.turns.at(-1)).toMatchObject({ text: 'facile', easyRead: true });
    await page.reload();
    await bubble('Voici ce que je sais sur « facile »').waitFor({ timeout: 15_000 });
    expect(await easyRead.isChecked()).toBe(true);
    await easyRead.uncheck();
    await send('normal');
    await bubble('Voici ce que je sais sur « normal »').waitFor({ timeout: 10_000 });
    expect(engine.turns.at(-1)).toMatchObject({ text: 'normal', easyRead: false });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('reads well on a phone: numbered steps 1, 2, 3, fact labels whole, a compact header and footer', async () => {
    const phone = await browser.newPage({ locale: 'fr-FR', viewport: PHONE });
    try {
      await phone.goto(server.url);
      await phone.locator('.webchat__bubble__content', { hasText: 'Que souhaitez-vous faire ?' }).first().waitFor({ timeout: 15_000 });
      const input = phone.locator('[data-id="webchat-sendbox-input"]');
      await input.fill('carte vitale');
      await input.press('Enter');
      const card = phone.locator('.ac-adaptiveCard', { hasText: 'Commander une carte Vitale' }).first();
      await card.waitFor({ timeout: 10_000 });
      await card.scrollIntoViewIfNeeded();

      // One real ordered list, numbered by the browser: 1, 2, 3 (not three lists of one "1.").
      expect(await card.locator('ol').count()).toBe(1);
      expect(await card.locator('ol > li').allTextContents()).toEqual(['Connectez-vous à votre compte ameli', 'Ouvrez « Mes démarches »', 'Choisissez « Commander une carte Vitale »']);

      // Every word of every fact label fits its column: a label wraps between words, never inside one.
      const broken = await card.evaluate((root) => {
        // Minimal DOM shapes: the project compiles without the DOM library.
        interface Box {
          textContent: string | null;
          style: Record<string, string>;
          getBoundingClientRect(): { width: number };
          appendChild(child: Box): void;
          remove(): void;
        }
        const card = root as unknown as { ownerDocument: { createElement(tag: string): Box }; querySelectorAll(selector: string): ArrayLike<Box> };
        const problems: string[] = [];
        for (const cell of Array.from(card.querySelectorAll('.ac-factset tr td:first-child .ac-textBlock'))) {
          const width = cell.getBoundingClientRect().width;
          for (const word of (cell.textContent ?? '').split(/\s+/).filter(Boolean)) {
            const probe = card.ownerDocument.createElement('span');
            probe.textContent = word;
            probe.style.whiteSpace = 'nowrap';
            cell.appendChild(probe);
            if (probe.getBoundingClientRect().width > width + 0.5) problems.push(word);
            probe.remove();
          }
        }
        return problems;
      });
      expect(broken).toEqual([]);

      // Header and footer: one line each, together under 12% of a 375×740 screen (the issue saw 28%).
      const bars = await phone.evaluate(() => {
        const h = (selector: string) => (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { height: number } } } }).document.querySelector(selector).getBoundingClientRect().height;
        return h('.banner') + h('.footer');
      });
      expect(bars / PHONE.height).toBeLessThan(0.12);
      await phone.getByRole('button', { name: 'Nouvelle conversation' }).waitFor();
      await phone.getByRole('switch', { name: 'Facile à lire' }).waitFor();
      expect(await seriousViolations(phone)).toEqual([]);
      await screenshot(phone, 'webchat-phone-card');
    } finally {
      await phone.close();
    }
  });
});

describe.skipIf(!chromiumPath)('web chat page when its address opened too many conversations', { timeout: 120_000 }, () => {
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
    // A new tab: no conversation to resume, so it asks for a new one, over the limit.
    const second = await browser.newPage({ locale: 'fr-FR' });
    await second.goto(server.url);
    await second.getByText('Trop de conversations ont été ouvertes depuis cet appareil. Merci de réessayer dans une minute.').waitFor({ timeout: 10_000 });
  });
});
