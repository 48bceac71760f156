import JSZip from 'jszip';
import { colorIcon, outlineIcon } from './icons.js';
import { buildManifest, type ManifestOptions } from './manifest.js';

export const TEAMS_PACKAGE_FILE = 'ameli-assistant-teams.zip';

/** The zip to upload in Teams (Apps → Manage your apps → Upload an app): manifest, localisation, icons. */
export async function buildTeamsPackage(options: ManifestOptions): Promise<Buffer> {
  const { manifest, localizations } = buildManifest(options);
  const zip = new JSZip();
  // A fixed date keeps the package byte-identical for the same inputs.
  const date = new Date('2026-01-01T00:00:00Z');
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const [name, content] of Object.entries(localizations)) zip.file(name, `${JSON.stringify(content, null, 2)}\n`, { date });
  zip.file('color.png', colorIcon(), { date });
  zip.file('outline.png', outlineIcon(), { date });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
