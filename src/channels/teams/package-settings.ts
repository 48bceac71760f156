/**
 * What `npm run teams:package` builds the package with. In production the Azure Bot's id and an
 * https PUBLIC_URL are required; in development the package builds with placeholders, and says
 * which ones, so that the command works on a fresh clone (the package is then for inspection: to
 * sideload it, set MicrosoftAppId and an https PUBLIC_URL, e.g. a tunnel).
 */

/** A well-formed GUID that no Azure Bot has: Teams refuses to run the bot until the real id is set. */
export const DEVELOPMENT_APP_ID = '00000000-0000-4000-8000-000000000000';

export interface PackageSettings {
  appId: string;
  publicUrl: string;
  /** One line per placeholder used. */
  notes: string[];
}

export function packageSettings(input: { env: 'development' | 'test' | 'production'; appId?: string | undefined; publicUrl: string }): PackageSettings {
  const production = input.env === 'production';
  const notes: string[] = [];
  let appId = input.appId;
  if (!appId) {
    if (production) throw new Error('MicrosoftAppId is not set: register the bot in Azure first (see README, "Teams and Azure Bot Service").');
    appId = DEVELOPMENT_APP_ID;
    notes.push(`MicrosoftAppId is not set: the package uses the development placeholder ${DEVELOPMENT_APP_ID}; set it to your Azure Bot's app id before uploading the package to Teams.`);
  }
  let publicUrl = input.publicUrl;
  if (!production && publicUrl.startsWith('http://')) {
    publicUrl = `https://${publicUrl.slice('http://'.length)}`;
    notes.push(`PUBLIC_URL is not https: the package uses ${publicUrl}; Teams needs the https address of the assistant (a tunnel in development).`);
  }
  return { appId, publicUrl, notes };
}
