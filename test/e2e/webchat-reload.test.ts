/**
 * The conversation survives a reload of the tab (issue 12, "seen" 1): in the middle of a
 * procedure, a reload keeps the conversation (id, token and watermark in sessionStorage, resumed
 * with GET /v3/directline/conversations/{id}), shows its history, and the next answer continues
 * the procedure. "Nouvelle conversation" starts over; an expired conversation is said so.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/shared/clock.js';
import type { Reply, TurnInput } from '../../src/shared/conversation.js';
import { startAssistant, type RunningAssistant } from '../support/assistant-server.js';
import { DESKTOP, PHONE, screenshot, seriousViolations } from '../support/browser.js';
import { createScriptedEngine } from '../support/scripted-engine.js';
import { CHROMIUM_ARGS, chromiumForTests } from '../support/services.js';

const chromiumPath = chromiumForTests();

/** A password reset as the engine runs it: state per conversation, as the real engine keeps it. */
const steps = new Map<string, 'nir' | 'birth'>();
function passwordReset(input: TurnInput): Reply[] {
  const step = steps.get(input.conversationId);
  if (/mot de passe/.test(input.text)) {
    steps.set(input.conversationId, 'nir');
    return [{ text: 'Quel est votre numéro de sécurité sociale ?' }];
  }
  if (step === 'nir') {
    steps.set(input.conversationId, 'birth');
    return [{ text: 'Quelle est votre date de naissance ?' }];
  }
  if (step === 'birth') {
    steps.delete(input.conversationId);
    return [{ text: 'Un e-mail vient de partir à j***@e***.fr : le lien est valable 30 minutes.' }];
  }
  return [{ text: 'Je ne peux pas vous répondre sur ce sujet.' }];
}

interface Saved {
  conversationId: string;
  token: string;
  watermark: string;
}

describe.skipIf(!chromiumPath)('web chat: a reload keeps the conversation', { timeout: 120_000 }, () => {
  const clock = createFakeClock(new Date());
  const engine = createScriptedEngine({ welcome: [{ text: 'Bonjour, que souhaitez-vous faire ?' }], answer: passwordReset });
  let server: RunningAssistant;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    server = await startAssistant({ engine, clock });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await browser.newPage({ locale: 'fr-FR', viewport: PHONE });
    page.on('console', (m) => {
      // The expired conversation of the last test answers 403 to the page's check, as designed.
      if (m.type() === 'error' && !/status of 40[34]/.test(m.text())) consoleErrors.push(m.text());
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
  const saved = () => page.evaluate(() => JSON.parse((globalThis as unknown as { sessionStorage: { getItem(k: string): string } }).sessionStorage.getItem('ameli-assistant')) as Saved);

  it('continues a procedure after a reload, with the history shown and a fresh token', async () => {
    await page.goto(server.url);
    await bubble('Bonjour, que souhaitez-vous faire ?').waitFor({ timeout: 15_000 });
    await send("j'ai oublié mon mot de passe ameli");
    await bubble('Quel est votre numéro de sécurité sociale ?').waitFor({ timeout: 10_000 });
    await send('1 79 03 75 056 234 45');
    await bubble('Quelle est votre date de naissance ?').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => JSON.parse((globalThis as unknown as { sessionStorage: { getItem(k: string): string } }).sessionStorage.getItem('ameli-assistant') ?? '{}').watermark === '5');
    const before = await saved();

    // On a phone, switching to the mail app can reload the tab.
    await page.reload();
    await bubble('Quelle est votre date de naissance ?').waitFor({ timeout: 15_000 });
    // The whole history is back: the welcome, the person's messages and the questions.
    // (Web Chat's markdown turns the typed apostrophe into a typographic one.)
    for (const text of ['Bonjour, que souhaitez-vous faire ?', 'oublié mon mot de passe ameli', 'Quel est votre numéro de sécurité sociale ?', '1 79 03 75 056 234 45']) await bubble(text).waitFor();
    expect(await page.locator('.webchat__bubble__content', { hasText: 'Bonjour, que souhaitez-vous faire ?' }).count()).toBe(1);
    expect(engine.welcomes).toHaveLength(1);
    const after = await saved();
    expect(after.conversationId).toBe(before.conversationId);
    expect(after.token).not.toBe(before.token);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'webchat-phone-after-reload');

    await send('22/03/1979');
    await bubble('Un e-mail vient de partir').waitFor({ timeout: 10_000 });
    expect(new Set(engine.turns.map((t) => t.conversationId)).size).toBe(1);
    expect(consoleErrors).toEqual([]);
  });

  it('starts over with "Nouvelle conversation": a new conversation, the welcome, no old messages', async () => {
    const before = await saved();
    await page.getByRole('button', { name: 'Nouvelle conversation' }).click();
    await page.getByRole('status').filter({ hasText: 'Nouvelle conversation commencée.' }).waitFor();
    await bubble('Bonjour, que souhaitez-vous faire ?').waitFor({ timeout: 15_000 });
    expect(await page.locator('.webchat__bubble__content', { hasText: 'Un e-mail vient de partir' }).count()).toBe(0);
    await page.waitForFunction((old) => {
      const raw = (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('ameli-assistant');
      return raw !== null && (JSON.parse(raw) as Saved).conversationId !== old;
    }, before.conversationId);
    expect(engine.welcomes).toHaveLength(2);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('says clearly that an idle conversation has expired, on the open page and after a reload', async () => {
    await send('bonjour');
    await bubble('Je ne peux pas vous répondre sur ce sujet.').waitFor({ timeout: 10_000 });
    // Past the token's life and the conversation's: the stream closes, the page cannot resume.
    clock.advanceMinutes(61);
    await page.getByRole('status').filter({ hasText: 'Cette conversation a expiré après une longue période sans activité' }).waitFor({ timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'webchat-phone-expired');

    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Votre conversation précédente a expiré : elle est restée trop longtemps sans activité.' }).waitFor({ timeout: 15_000 });
    await bubble('Bonjour, que souhaitez-vous faire ?').waitFor({ timeout: 15_000 });
    expect(engine.welcomes).toHaveLength(3);
    await page.setViewportSize(DESKTOP);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'webchat-desktop-expired-reload');
  });
});
