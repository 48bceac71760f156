// `npm run architecture` draws the modules of src/ and how they import each other, from the code,
// with dependency-cruiser and the import rules' own configuration (.dependency-cruiser.mjs): one
// box per folder (channels and backend one per sub-folder), one arrow per import direction. The
// Mermaid text goes to docs/architecture.mmd and into README.md between its architecture markers.
// `--check` changes nothing and fails when either is out of date (test/architecture/picture.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** `--picture=<file>` and `--readme=<file>` check or draw other copies (the test's stale ones). */
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const PICTURE = arg('picture', join(root, 'docs', 'architecture.mmd'));
const README = arg('readme', join(root, 'README.md'));
const START = '<!-- architecture:start (drawn by `npm run architecture`: do not edit by hand) -->';
const END = '<!-- architecture:end -->';
/** A box per top-level folder of src/, and per sub-folder of channels/ and backend/. */
const COLLAPSE = '^src/(channels|backend)/[^/]+|^src/[^/]+';

async function draw() {
  process.chdir(root);
  const options = await extractDepcruiseOptions(join(root, '.dependency-cruiser.mjs'));
  const result = await cruise(['src'], { ...options, includeOnly: '^src/', collapse: COLLAPSE, outputType: 'mermaid' });
  return `${String(result.output).trim()}\n`;
}

function withPicture(readme, picture) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
  return `${readme.slice(0, start + START.length)}\n\`\`\`mermaid\n${picture}\`\`\`\n${readme.slice(end)}`;
}

const picture = await draw();
const readme = readFileSync(README, 'utf8');
const updated = withPicture(readme, picture);
let current = '';
try {
  current = readFileSync(PICTURE, 'utf8');
} catch {
  // Not drawn yet.
}

if (process.argv.includes('--check')) {
  const stale = [current !== picture && 'docs/architecture.mmd', updated !== readme && 'README.md'].filter(Boolean);
  if (stale.length > 0) {
    process.stderr.write(`The architecture picture is out of date in ${stale.join(' and ')}: run npm run architecture and commit the result.\n`);
    process.exit(1);
  }
  process.stdout.write('The architecture picture is up to date.\n');
} else {
  writeFileSync(PICTURE, picture);
  writeFileSync(README, updated);
  process.stdout.write('Drew docs/architecture.mmd and the picture in README.md.\n');
}
