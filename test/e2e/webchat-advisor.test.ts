/**
 * "Un conseiller" reaches a human (issue 12, "seen" 2), in two browsers side by side: an advisor
 * logged in to the console is online; the person asks for an advisor in the web chat; the advisor
 * takes the live request and writes, the person reads "Nadia, conseillère" and answers, the
 * console shows it at once; closing hands the conversation back to the assistant. And the console
 * showing a callback request with the contact the person left.
 *
 * The engine here is a stand-in for the dialog engine's part (the lead's): it asks the advisors'
 * presence and creates a live request, as the engine does through the same interfaces.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply, TurnInput } from '../../src/shared/conversation.js';
import { AGENT_KEY } from '../support/agent-server.js';
import { startAssistant, type RunningAssistant } from '../support/assistant-server.js';
import { DESKTOP, screenshot, seriousViolations } from '../support/browser.js';
import { createScriptedEngine } from '../support/scripted-engine.js';
import { CHROMIUM_ARGS, chromiumForTests } from '../support/services.js';

const chromiumPath = chromiumForTests();

describe.skipIf(!chromiumPath)('an advisor answers the person in the web chat, live', { timeout: 180_000 }, () => {
  let server: RunningAssistant;
  const advisorRequest = async (input: TurnInput): Promise<Reply[]> => {
    if (!/conseiller/.test(input.text)) return [{ text: `L'assistant répond : ${input.text}` }];
    const { handoffs, presence } = server.assistant.services;
    const live = await presence.liveAvailable(new Date());
    await handoffs.create({ conversationId: input.conversationId, channel: input.channel, topic: 'password-reset', reason: 'user_asked', transcript: [{ from: 'user', text: input.text, at: new Date().toISOString() }], mode: live ? 'live' : 'callback' });
    return [{ text: live ? 'Un conseiller va vous répondre ici, dans quelques instants.' : 'Aucun conseiller en ligne.' }];
  };
  const engine = createScriptedEngine({ welcome: [{ text: 'Bonjour, que souhaitez-vous faire ?' }], answer: advisorRequest });
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let consolePage: Page;
  let chat: Page;

  beforeAll(async () => {
    server = await startAssistant({ engine, env: { AGENT_API_KEY: AGENT_KEY, ADVISOR_HOURS: 'always' } });
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    contexts = [await browser.newContext({ locale: 'fr-FR', viewport: DESKTOP }), await browser.newContext({ locale: 'fr-FR', viewport: DESKTOP })];
    consolePage = await contexts[0]!.newPage();
    chat = await contexts[1]!.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const bubble = (text: string) => chat.locator('.webchat__bubble__content', { hasText: text }).first();
  const say = async (text: string) => {
    const input = chat.locator('[data-id="webchat-sendbox-input"]');
    await input.fill(text);
    await input.press('Enter');
  };

  it('carries the exchange both ways, signed "Nadia, conseillère", then hands the conversation back', async () => {
    // The advisor logs in: the console's heartbeat makes her online.
    await consolePage.goto(`${server.url}/agent`);
    await consolePage.getByLabel("Clé d'accès conseiller").fill(AGENT_KEY);
    await consolePage.getByRole('button', { name: 'Se connecter' }).click();
    await consolePage.getByLabel('Votre prénom (vu par la personne)').fill('Nadia');
    await consolePage.getByLabel('Vous signez').selectOption('conseillère');
    await consolePage.locator('#presence-status', { hasText: 'Vous êtes en ligne' }).waitFor({ timeout: 20_000 });

    await chat.goto(server.url);
    await bubble('Bonjour, que souhaitez-vous faire ?').waitFor({ timeout: 20_000 });
    await say('je veux parler à un conseiller');
    await bubble('Un conseiller va vous répondre ici').waitFor({ timeout: 10_000 });

    // The request shows in the console, its subject in words, live.
    await consolePage.getByRole('button', { name: 'Actualiser' }).click();
    const row = consolePage.locator('#queue-body tr', { hasText: 'Mot de passe du compte ameli oublié' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('En direct');
    expect(await row.textContent()).not.toContain('password-reset');
    await row.getByRole('button', { name: 'Ouvrir' }).click();
    await consolePage.getByRole('button', { name: 'Répondre en direct' }).click();
    await consolePage.getByRole('status').filter({ hasText: 'La personne lit que Nadia, conseillère lui répond' }).waitFor({ timeout: 10_000 });

    // The person reads who answers, and writes to her: the console shows it at once.
    await bubble('Nadia, conseillère vous répond maintenant').waitFor({ timeout: 10_000 });
    const turns = engine.turns.length;
    await say('Bonjour, je ne reçois pas le mail de réinitialisation');
    await consolePage.locator('#live-messages li', { hasText: 'je ne reçois pas le mail' }).waitFor({ timeout: 10_000 });
    expect(await consolePage.locator('#live-messages li.user').first().textContent()).toBe('Usager : Bonjour, je ne reçois pas le mail de réinitialisation');
    expect(engine.turns.length).toBe(turns);

    // She answers from the console: the person reads it, signed.
    await consolePage.getByLabel('Votre message à la personne').fill('Je regarde votre dossier. Vérifiez vos courriers indésirables.');
    await consolePage.getByLabel('Votre message à la personne').press('Enter');
    await bubble('Nadia, conseillère : Je regarde votre dossier.').waitFor({ timeout: 10_000 });
    await consolePage.locator('#live-messages li.agent', { hasText: 'Je regarde votre dossier.' }).waitFor({ timeout: 10_000 });
    expect(await chat.locator('.webchat__bubble__content', { hasText: 'L\u2019assistant répond' }).count()).toBe(0);
    expect(await seriousViolations(chat)).toEqual([]);
    expect(await seriousViolations(consolePage)).toEqual([]);
    await screenshot(chat, 'advisor-webchat-live');
    await screenshot(consolePage, 'advisor-console-live');

    // She ends the exchange: the person is told, and the assistant answers again.
    await consolePage.getByRole('button', { name: "Terminer l'échange" }).click();
    await bubble("a terminé l’échange").waitFor({ timeout: 10_000 });
    await say('merci');
    await bubble('L’assistant répond : merci').waitFor({ timeout: 10_000 });
    expect(engine.turns.at(-1)?.text).toBe('merci');
  });

  it('shows a callback request with the contact the person left, and what to do next', async () => {
    const contact = { kind: 'phone' as const, value: '06 12 34 56 78', when: 'demain matin', consentAt: new Date().toISOString() };
    const request = await server.assistant.services.handoffs.create({ conversationId: 'conv-callback', channel: 'directline', topic: 'mes-activate', reason: 'user_asked', transcript: [], contact });
    await consolePage.getByRole('button', { name: 'Actualiser' }).click();
    const row = consolePage.locator(`#queue-body tr[data-id="${request.id}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('Rappel');
    expect(await row.textContent()).not.toContain('06 12 34 56 78');
    await row.getByRole('button', { name: 'Ouvrir' }).click();
    const fields = consolePage.locator('#detail-fields');
    await fields.getByRole('link', { name: '06 12 34 56 78' }).waitFor();
    expect(await fields.getByRole('link', { name: '06 12 34 56 78' }).getAttribute('href')).toBe('tel:0612345678');
    expect(await fields.textContent()).toContain('demain matin');
    expect(await fields.textContent()).toMatch(/Accord de la personnedonné le/);
    expect(await seriousViolations(consolePage)).toEqual([]);
    await consolePage.getByRole('button', { name: 'Marquer comme prise en charge' }).click();
    await consolePage.getByRole('status').filter({ hasText: 'Demande prise en charge. Rappelez la personne : 06 12 34 56 78 (demain matin).' }).waitFor({ timeout: 10_000 });
    await screenshot(consolePage, 'advisor-console-callback');
  });
});
