/**
 * Teams app manifest (schema 1.16) for the assistant's bot, in French with an English localisation.
 * Its words are content (dialogs/assistant.json, "teamsApp" and the safety rule): this module only
 * places them.
 */
import type { Language } from '../../shared/conversation.js';
import { readSafetyRule, type SafetyRule } from '../shared/safety-rule.js';
import { readTeamsAppTexts, type TeamsAppTexts } from './app-texts.js';

export interface ManifestOptions {
  /** The Azure Bot's Microsoft App ID (a GUID): the bot id, and the Teams app id. */
  appId: string;
  /** Public https address of the assistant (developer links, valid domain). */
  publicUrl: string;
  /** The app version (semver). */
  version: string;
  /** The safety rule the description ends with (default: dialogs/assistant.json's, as the web chat shows it). */
  safetyRule?: SafetyRule;
  /** The app's name, description and commands (default: dialogs/assistant.json's "teamsApp"). */
  texts?: TeamsAppTexts;
}

export const MANIFEST_VERSION = '1.16';
const SCHEMA_BASE = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}`;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TeamsManifestFiles {
  manifest: Record<string, unknown>;
  /** Localisation files by name (en-us.json). */
  localizations: Record<string, Record<string, unknown>>;
}

export function buildManifest(options: ManifestOptions): TeamsManifestFiles {
  if (!GUID.test(options.appId)) throw new Error(`MicrosoftAppId must be the Azure Bot's app id (a GUID) to build a Teams package; got "${options.appId}"`);
  const url = new URL(options.publicUrl);
  if (url.protocol !== 'https:') throw new Error(`PUBLIC_URL must be an https address for a Teams package; got "${options.publicUrl}"`);
  const base = url.href.replace(/\/+$/, '');
  const rule = options.safetyRule ?? readSafetyRule();
  const texts = options.texts ?? readTeamsAppTexts();
  const commands = (language: Language) => texts.commands.map((c) => ({ title: c.title[language], description: c.description[language] }));

  const manifest = {
    $schema: `${SCHEMA_BASE}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: options.version,
    id: options.appId,
    developer: { name: 'Assurance Maladie', websiteUrl: base, privacyUrl: base, termsOfUseUrl: base },
    name: { short: texts.name.short.fr, full: texts.name.full.fr },
    description: { short: texts.description.short.fr, full: `${texts.description.full.fr} ${rule.fr}` },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#0C419A',
    bots: [
      {
        botId: options.appId,
        // Suggested actions show in personal chats; elsewhere replies carry card buttons instead.
        scopes: ['personal', 'groupChat', 'team'],
        isNotificationOnly: false,
        supportsFiles: false,
        supportsCalling: false,
        supportsVideo: false,
        commandLists: [{ scopes: ['personal'], commands: commands('fr') }],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [url.host],
    localizationInfo: { defaultLanguageTag: 'fr-fr', additionalLanguages: [{ languageTag: 'en-us', file: 'en-us.json' }] },
  };

  const english: Record<string, unknown> = {
    $schema: `${SCHEMA_BASE}/MicrosoftTeams.Localization.schema.json`,
    'name.short': texts.name.short.en,
    'name.full': texts.name.full.en,
    'description.short': texts.description.short.en,
    'description.full': `${texts.description.full.en} ${rule.en}`,
  };
  commands('en').forEach((c, i) => {
    english[`bots[0].commandLists[0].commands[${i}].title`] = c.title;
    english[`bots[0].commandLists[0].commands[${i}].description`] = c.description;
  });
  return { manifest, localizations: { 'en-us.json': english } };
}
