/** `npm run teams:package` (src/cli/teams-package.ts) as a process. */
import JSZip from 'jszip';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnTs } from '../support/process.js';

const out = mkdtempSync(join(tmpdir(), 'teams-package-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

describe('npm run teams:package', () => {
  it('writes the package with the bot id from MicrosoftAppId', async () => {
    const p = spawnTs('src/cli/teams-package.ts', { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', PUBLIC_URL: 'https://assistant.example.fr' }, ['--out', out]);
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toContain('ameli-assistant-teams.zip');
    expect(p.stderr()).toBe('');
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'ameli-assistant-teams.zip')));
    expect(JSON.parse(await zip.file('manifest.json')!.async('string')).bots[0].botId).toBe(APP_ID);
  });

  it('builds in development without any variable, and says which placeholders it used', async () => {
    const p = spawnTs('src/cli/teams-package.ts', {}, ['--out', out]);
    expect(await p.exited).toBe(0);
    expect(p.stderr()).toMatch(/^teams:package: MicrosoftAppId is not set: the package uses the development placeholder 00000000-0000-4000-8000-000000000000/m);
    expect(p.stderr()).toMatch(/^teams:package: PUBLIC_URL is not https: the package uses https:\/\/localhost:3978/m);
    const manifest = JSON.parse(await (await JSZip.loadAsync(readFileSync(join(out, 'ameli-assistant-teams.zip')))).file('manifest.json')!.async('string'));
    expect(manifest.validDomains).toEqual(['localhost:3978']);
  });

  it('stops with one clear line in production when MicrosoftAppId is not set', async () => {
    const p = spawnTs('src/cli/teams-package.ts', { NODE_ENV: 'production', SIMULATOR: 'on', DIRECT_LINE_SECRET: 's'.repeat(40), PUBLIC_URL: 'https://assistant.example.fr' }, ['--out', out]);
    expect(await p.exited).toBe(1);
    expect(p.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^teams:package: MicrosoftAppId is not set/)]);
  });
});
