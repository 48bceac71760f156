/** Teams app manifest (schema 1.16) for the assistant's bot, in French with an English localisation. */
import { readSafetyRule, type SafetyRule } from '../shared/safety-rule.js';

export interface ManifestOptions {
  /** The Azure Bot's Microsoft App ID (a GUID): the bot id, and the Teams app id. */
  appId: string;
  /** Public https address of the assistant (developer links, valid domain). */
  publicUrl: string;
  /** The app version (semver). */
  version: string;
  /** The safety rule the description ends with (default: dialogs/assistant.json's, as the web chat shows it). */
  safetyRule?: SafetyRule;
}

export const MANIFEST_VERSION = '1.16';
const SCHEMA_BASE = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}`;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const FR = {
  nameShort: 'Assistant ameli',
  nameFull: "Assistant de l'Assurance Maladie",
  descriptionShort: 'Vos questions sur le compte ameli, Mon espace santé et la carte Vitale.',
  descriptionFull:
    "L'assistant de l'Assurance Maladie répond à vos questions sur le compte ameli, Mon espace santé, " +
    "l'appli carte Vitale et les contacts utiles, et vous guide pas à pas dans vos démarches : créer votre " +
    "compte, réinitialiser votre mot de passe, activer Mon espace santé.",
  commands: [
    { title: 'Bonjour', description: "Démarrer une conversation avec l'assistant" },
    { title: 'Mot de passe oublié', description: 'Réinitialiser le mot de passe de votre compte ameli' },
    { title: 'Mon espace santé', description: 'Activer ou comprendre Mon espace santé' },
    { title: 'Facile à lire', description: 'Des réponses avec des mots simples (FALC)' },
  ],
};

const EN = {
  nameShort: 'ameli assistant',
  nameFull: 'Assurance Maladie assistant',
  descriptionShort: 'Your questions about your ameli account, Mon espace santé and the Vitale card.',
  descriptionFull:
    "The Assurance Maladie's assistant (French national health insurance) answers questions about the ameli " +
    'account, Mon espace santé, the carte Vitale app and useful contacts, and guides you step by step: create ' +
    'your account, reset your password, activate Mon espace santé.',
  commands: [
    { title: 'Hello', description: 'Start a conversation with the assistant' },
    { title: 'Forgotten password', description: 'Reset the password of your ameli account' },
    { title: 'Mon espace santé', description: 'Activate or understand Mon espace santé' },
    { title: 'Easy to read', description: 'Answers in simple words' },
  ],
};

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

  const manifest = {
    $schema: `${SCHEMA_BASE}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: options.version,
    id: options.appId,
    developer: { name: 'Assurance Maladie', websiteUrl: base, privacyUrl: base, termsOfUseUrl: base },
    name: { short: FR.nameShort, full: FR.nameFull },
    description: { short: FR.descriptionShort, full: `${FR.descriptionFull} ${rule.fr}` },
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
        commandLists: [{ scopes: ['personal'], commands: FR.commands }],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [url.host],
    localizationInfo: { defaultLanguageTag: 'fr-fr', additionalLanguages: [{ languageTag: 'en-us', file: 'en-us.json' }] },
  };

  const english: Record<string, unknown> = {
    $schema: `${SCHEMA_BASE}/MicrosoftTeams.Localization.schema.json`,
    'name.short': EN.nameShort,
    'name.full': EN.nameFull,
    'description.short': EN.descriptionShort,
    'description.full': `${EN.descriptionFull} ${rule.en}`,
  };
  EN.commands.forEach((c, i) => {
    english[`bots[0].commandLists[0].commands[${i}].title`] = c.title;
    english[`bots[0].commandLists[0].commands[${i}].description`] = c.description;
  });
  return { manifest, localizations: { 'en-us.json': english } };
}
