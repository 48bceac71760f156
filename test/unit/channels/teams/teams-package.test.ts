import JSZip from 'jszip';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildManifest, buildTeamsPackage, DEVELOPMENT_APP_ID, packageSettings, readTeamsAppTexts, type TeamsAppTexts } from '../../../../src/channels/teams/index.js';
import { fromRoot } from '../../../../src/shared/paths.js';
import { readSafetyRule } from '../../../../src/channels/shared/safety-rule.js';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const options = { appId: APP_ID, publicUrl: 'https://assistant.example.fr/', version: '0.1.0' };

/** Reads back what encodePng wrote: size, and RGBA pixels (filter type 0 on every row). */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, pixels };
}

describe('Teams app package', () => {
  it('holds a 1.16 manifest with the bot id from configuration, French texts and an English localisation', async () => {
    const zip = await JSZip.loadAsync(await buildTeamsPackage(options));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest).toMatchObject({
      manifestVersion: '1.16',
      version: '0.1.0',
      id: APP_ID,
      icons: { color: 'color.png', outline: 'outline.png' },
      bots: [{ botId: APP_ID, scopes: expect.arrayContaining(['personal']) }],
      validDomains: ['assistant.example.fr'],
      developer: { websiteUrl: 'https://assistant.example.fr' },
      localizationInfo: { defaultLanguageTag: 'fr-fr', additionalLanguages: [{ languageTag: 'en-us', file: 'en-us.json' }] },
    });
    expect(manifest.description.short).toMatch(/compte ameli/);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);

    const english = JSON.parse(await zip.file('en-us.json')!.async('string'));
    expect(english['description.short']).toMatch(/ameli account/);
    expect(english['description.short'].length).toBeLessThanOrEqual(80);
    expect(english['name.short'].length).toBeLessThanOrEqual(30);
    // Every localised command exists in the manifest.
    const commands = manifest.bots[0].commandLists[0].commands as unknown[];
    for (const key of Object.keys(english as Record<string, string>).filter((k) => k.startsWith('bots['))) {
      const index = Number(/commands\[(\d+)\]/.exec(key)![1]);
      expect(index).toBeLessThan(commands.length);
    }
  });

  it('has a 192×192 colour icon and a 32×32 outline icon that is only white on transparent', async () => {
    const zip = await JSZip.loadAsync(await buildTeamsPackage(options));
    const color = decodePng(await zip.file('color.png')!.async('nodebuffer'));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixels.readUInt32BE(0)).toBe(0x0c419aff); // blue corner, opaque

    const outline = decodePng(await zip.file('outline.png')!.async('nodebuffer'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let opaque = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a! > 0) expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque += 1;
    }
    expect(opaque).toBeGreaterThan(100);
    expect(outline.pixels[3]).toBe(0); // transparent corner
  });

  it('builds the same bytes for the same inputs', async () => {
    expect((await buildTeamsPackage(options)).equals(await buildTeamsPackage(options))).toBe(true);
  });

  it('refuses an app id that is not a GUID and a public address that is not https', () => {
    expect(() => buildManifest({ ...options, appId: 'my-bot' })).toThrow(/MicrosoftAppId must be .* GUID/);
    expect(() => buildManifest({ ...options, publicUrl: 'http://localhost:3978' })).toThrow(/PUBLIC_URL must be an https address/);
  });
});

describe('Teams description and commands', () => {
  it('ends its descriptions with the safety rule the web chat shows, in both languages', () => {
    const { manifest, localizations } = buildManifest(options);
    const rule = readSafetyRule();
    const description = (manifest.description as { full: string }).full;
    expect(description.endsWith(rule.fr)).toBe(true);
    expect(description).not.toMatch(/ne vous demandera jamais votre mot de passe/);
    expect(String(localizations['en-us.json']!['description.full']).endsWith(rule.en)).toBe(true);
  });

  it('offers the "Facile à lire" command, in French and English', () => {
    const { manifest, localizations } = buildManifest(options);
    const commands = (manifest.bots as Array<{ commandLists: Array<{ commands: Array<{ title: string; description: string }> }> }>)[0]!.commandLists[0]!.commands;
    expect(commands.map((c) => c.title)).toContain('Facile à lire');
    const index = commands.findIndex((c) => c.title === 'Facile à lire');
    expect(localizations['en-us.json']![`bots[0].commandLists[0].commands[${index}].title`]).toBe('Easy to read');
    for (const c of commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
  });
});

describe('Teams app words, from dialogs/assistant.json', () => {
  type Command = { title: string; description: string };
  const commandsOf = (manifest: Record<string, unknown>) => (manifest.bots as Array<{ commandLists: Array<{ commands: Command[] }> }>)[0]!.commandLists[0]!.commands;
  const both = (fr: string, en: string) => ({ fr, en });

  it('writes the name, description and commands of "teamsApp" in assistant.json, French in the manifest and English in its localisation', async () => {
    const content = (JSON.parse(readFileSync(fromRoot('dialogs', 'assistant.json'), 'utf8')) as { teamsApp: TeamsAppTexts }).teamsApp;
    const zip = await JSZip.loadAsync(await buildTeamsPackage(options));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Record<string, unknown>;
    const english = JSON.parse(await zip.file('en-us.json')!.async('string')) as Record<string, string>;
    expect(manifest.name).toEqual({ short: content.name.short.fr, full: content.name.full.fr });
    expect((manifest.description as { short: string; full: string }).short).toBe(content.description.short.fr);
    expect((manifest.description as { full: string }).full.startsWith(content.description.full.fr)).toBe(true);
    expect(commandsOf(manifest)).toEqual(content.commands.map((c) => ({ title: c.title.fr, description: c.description.fr })));
    expect(english['name.short']).toBe(content.name.short.en);
    expect(english['description.full']!.startsWith(content.description.full.en)).toBe(true);
    content.commands.forEach((c, i) => {
      expect(english[`bots[0].commandLists[0].commands[${i}].title`]).toBe(c.title.en);
      expect(english[`bots[0].commandLists[0].commands[${i}].description`]).toBe(c.description.en);
    });
  });

  it('places whatever words it is given: none is written in code', () => {
    const texts: TeamsAppTexts = {
      name: { short: both('Nom court', 'Short name'), full: both('Nom complet', 'Full name') },
      description: { short: both('Courte', 'Short'), full: both('Longue.', 'Long.') },
      commands: [{ title: both('Aide', 'Help'), description: both("Ce que fait l'assistant", 'What the assistant does') }],
    };
    const { manifest, localizations } = buildManifest({ ...options, texts, safetyRule: both('Règle.', 'Rule.') });
    expect(manifest).toMatchObject({ name: { short: 'Nom court', full: 'Nom complet' }, description: { short: 'Courte', full: 'Longue. Règle.' } });
    expect(commandsOf(manifest)).toEqual([{ title: 'Aide', description: "Ce que fait l'assistant" }]);
    expect(localizations['en-us.json']).toMatchObject({
      'name.short': 'Short name',
      'description.full': 'Long. Rule.',
      'bots[0].commandLists[0].commands[0].title': 'Help',
      'bots[0].commandLists[0].commands[0].description': 'What the assistant does',
    });
  });

  it('refuses words the schema refuses, such as a command title longer than Teams allows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'teams-texts-'));
    cpSync(fromRoot('dialogs', 'schema'), join(dir, 'schema'), { recursive: true });
    const assistant = JSON.parse(readFileSync(fromRoot('dialogs', 'assistant.json'), 'utf8')) as { teamsApp: TeamsAppTexts };
    const file = join(dir, 'assistant.json');
    writeFileSync(file, JSON.stringify(assistant));
    expect(readTeamsAppTexts(file)).toEqual(assistant.teamsApp);
    assistant.teamsApp.commands[0]!.title = both('Un titre de commande bien trop long pour Teams', 'Hello');
    writeFileSync(file, JSON.stringify(assistant));
    expect(() => readTeamsAppTexts(file)).toThrow(/\/teamsApp\/commands\/0\/title\/fr must NOT have more than 32 characters/);
  });
});

describe('teams:package settings', () => {
  it('uses placeholders in development and says so', () => {
    const dev = packageSettings({ env: 'development', publicUrl: 'http://localhost:3978' });
    expect(dev).toMatchObject({ appId: DEVELOPMENT_APP_ID, publicUrl: 'https://localhost:3978' });
    expect(dev.notes).toHaveLength(2);
    expect(packageSettings({ env: 'development', appId: APP_ID, publicUrl: 'https://a.example.fr' })).toEqual({ appId: APP_ID, publicUrl: 'https://a.example.fr', notes: [] });
  });

  it('requires the real bot id in production', () => {
    expect(() => packageSettings({ env: 'production', publicUrl: 'https://a.example.fr' })).toThrow(/MicrosoftAppId is not set/);
  });
});
