/**
 * The assistant embedded with one script tag on a page of another origin (/embed.js): a launcher,
 * then the chat in an accessible dialog (focus in and back, Escape closes, full screen on a
 * phone), the conversation kept across a reload of the host page, under the host CSP the README
 * documents; and the refusal on a site not in WEBCHAT_ALLOWED_ORIGINS.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAssistant, type RunningAssistant } from '../support/assistant-server.js';
import { DESKTOP, PHONE, screenshot, seriousViolations } from '../support/browser.js';
import { createScriptedEngine } from '../support/scripted-engine.js';
import { CHROMIUM_ARGS, chromiumForTests } from '../support/services.js';

const chromiumPath = chromiumForTests();

/** The CSP a host page needs for the widget (README, "Embedding the chat on another site"). */
export function hostCsp(assistant: string): string {
  const ws = assistant.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    `script-src 'self' ${assistant}`,
    `style-src 'self' ${assistant} 'unsafe-inline'`,
    `connect-src 'self' ${assistant} ${ws}`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
  ].join('; ');
}

/** A site of its own origin whose page carries the widget's script tag. */
async function startHost(assistantUrl: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    const assistant = assistantUrl();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': hostCsp(assistant) });
    res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Mairie de Saint-Exemple</title></head>
<body><header><h1>Mairie de Saint-Exemple</h1></header><main><p>Les démarches de santé en ligne.</p><a href="#contact">Nous écrire</a></main>
<script src="${assistant}/embed.js" defer></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}

describe.skipIf(!chromiumPath)('the chat embedded on another site', { timeout: 120_000 }, () => {
  const engine = createScriptedEngine({ welcome: [{ text: 'Bonjour, je suis l’assistant de l’Assurance Maladie.' }] });
  let assistant: RunningAssistant;
  let allowed: { url: string; server: Server };
  let refused: { url: string; server: Server };
  let browser: Browser;

  beforeAll(async () => {
    let assistantUrl = '';
    allowed = await startHost(() => assistantUrl);
    refused = await startHost(() => assistantUrl);
    assistant = await startAssistant({ engine, env: { WEBCHAT_ALLOWED_ORIGINS: allowed.url } });
    assistantUrl = assistant.url;
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await assistant?.close();
    for (const host of [allowed, refused]) if (host) await new Promise<void>((resolve) => host.server.close(() => resolve()));
  });

  const open = async (url: string, viewport = DESKTOP) => {
    const page = await browser.newPage({ locale: 'fr-FR', viewport });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url);
    return { page, errors };
  };
  const launcher = (page: Page) => page.getByRole('button', { name: "Une question ? L'assistant ameli" });
  const dialog = (page: Page) => page.getByRole('dialog', { name: "Assistant de l'Assurance Maladie" });
  const focusedId = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string; textContent: string | null } | null } }).document.activeElement?.id ?? '');

  it('opens from the launcher in a dialog that takes the focus, chats, closes with Escape and gives the focus back', async () => {
    const { page, errors } = await open(allowed.url);
    await launcher(page).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'embed-desktop-launcher');

    await launcher(page).click();
    await dialog(page).waitFor();
    expect(await focusedId(page)).toBe('ameli-assistant-title');
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    await dialog(page).locator('.webchat__bubble__content', { hasText: 'Bonjour, je suis l’assistant' }).waitFor({ timeout: 20_000 });
    const input = dialog(page).locator('[data-id="webchat-sendbox-input"]');
    await input.fill('carte vitale perdue');
    await input.press('Enter');
    await dialog(page).locator('.webchat__bubble__content', { hasText: 'Vous avez dit : carte vitale perdue' }).waitFor({ timeout: 10_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'embed-desktop-open');

    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'hidden' });
    expect(await focusedId(page)).toBe('');
    expect(await launcher(page).evaluate((b) => b === (b as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');

    // The host page reloads: the conversation comes back when the chat is opened again.
    await page.reload();
    await launcher(page).click();
    await dialog(page).locator('.webchat__bubble__content', { hasText: 'Vous avez dit : carte vitale perdue' }).waitFor({ timeout: 20_000 });
    expect(engine.welcomes).toHaveLength(1);
    // The host's CSP, as the README documents it, lets everything load and run.
    expect(errors).toEqual([]);
  });

  it('takes the whole screen on a phone', async () => {
    const { page } = await open(allowed.url, PHONE);
    await launcher(page).click();
    await dialog(page).locator('.webchat__bubble__content').first().waitFor({ timeout: 20_000 });
    const box = await dialog(page).boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'embed-phone-open');
  });

  it('says that a site not in WEBCHAT_ALLOWED_ORIGINS may not show the assistant, and opens no conversation', async () => {
    const welcomes = engine.welcomes.length;
    const { page } = await open(refused.url);
    await launcher(page).click();
    await dialog(page).getByRole('status').filter({ hasText: "Ce site n'est pas autorisé à afficher l'assistant de l'Assurance Maladie." }).waitFor({ timeout: 20_000 });
    expect(engine.welcomes.length).toBe(welcomes);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'embed-refused');
  });
});
