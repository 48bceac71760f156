/**
 * `npm run teams:package [-- --out DIR]`: builds the Teams app package (manifest 1.16 with the bot
 * id from MicrosoftAppId, French and English texts, icons) into out/ameli-assistant-teams.zip.
 * In production it needs MicrosoftAppId and an https PUBLIC_URL; in development it uses
 * placeholders for what is missing and says so on standard error.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { buildTeamsPackage, packageSettings, TEAMS_PACKAGE_FILE } from '../channels/teams/index.js';
import { errorMessage } from '../shared/errors.js';
import { fromRoot } from '../shared/paths.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const config = loadConfig();
  const settings = packageSettings({ env: config.env, appId: config.botFramework.appId, publicUrl: config.publicUrl });
  for (const note of settings.notes) console.error(`teams:package: ${note}`);
  const { version } = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };
  const zip = await buildTeamsPackage({ appId: settings.appId, publicUrl: settings.publicUrl, version });
  const dir = resolve(values.out ?? fromRoot('out'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, TEAMS_PACKAGE_FILE);
  writeFileSync(file, zip);
  console.log(`Teams package written to ${file} (bot ${settings.appId}, ${zip.length} bytes)`);
}

main().catch((error: unknown) => {
  console.error(`teams:package: ${errorMessage(error)}`);
  process.exit(1);
});
