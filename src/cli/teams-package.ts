/**
 * `npm run teams:package [-- --out DIR]`: builds the Teams app package (manifest 1.16 with the bot
 * id from MicrosoftAppId, French and English texts, icons) into out/ameli-assistant-teams.zip.
 * Needs MicrosoftAppId (and its password, as the server does) and an https PUBLIC_URL.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { buildTeamsPackage, TEAMS_PACKAGE_FILE } from '../channels/teams/index.js';
import { errorMessage } from '../shared/errors.js';
import { fromRoot } from '../shared/paths.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const config = loadConfig();
  if (!config.botFramework.appId) throw new Error('MicrosoftAppId is not set: register the bot in Azure first (see README, "Teams and Azure Bot Service").');
  const { version } = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };
  const zip = await buildTeamsPackage({ appId: config.botFramework.appId, publicUrl: config.publicUrl, version });
  const dir = resolve(values.out ?? fromRoot('out'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, TEAMS_PACKAGE_FILE);
  writeFileSync(file, zip);
  console.log(`Teams package written to ${file} (bot ${config.botFramework.appId}, ${zip.length} bytes)`);
}

main().catch((error: unknown) => {
  console.error(`teams:package: ${errorMessage(error)}`);
  process.exit(1);
});
