/** The Teams app package (`npm run teams:package`). */
export { buildTeamsPackage, TEAMS_PACKAGE_FILE } from './teams-package.js';
export { buildManifest, MANIFEST_VERSION, type ManifestOptions, type TeamsManifestFiles } from './manifest.js';
export { readTeamsAppTexts, type TeamsAppTexts, type TeamsCommandTexts } from './app-texts.js';
export { colorIcon, outlineIcon } from './icons.js';
export { encodePng } from './png.js';
export { packageSettings, DEVELOPMENT_APP_ID, type PackageSettings } from './package-settings.js';
