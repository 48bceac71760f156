// `npm start` runs this first: it compiles TypeScript only when a source is newer than the last
// build, and trains the NLU model only when its data or code is newer than the cached model, so
// that an already-built tree starts at once. `npm run build` still rebuilds everything.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => join(root, ...parts);

/** The newest modification time under these paths (files or folders), 0 when none exists. */
function newest(paths, accept = () => true) {
  let latest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (accept(path)) latest = Math.max(latest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return latest;
}

function run(what, args) {
  process.stderr.write(`${what}…\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const stamp = at('dist', '.build-stamp');
const sources = newest([at('src'), at('tsconfig.json'), at('tsconfig.build.json'), at('package-lock.json')]);
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  run('Compiling TypeScript (sources changed since the last build)', [at('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

const model = newest([at('.cache', 'nlu')], (path) => path.endsWith('.json'));
if (model < newest([at('knowledge', 'nlu'), at('knowledge', 'contract'), at('src', 'nlu')])) {
  run('Training the NLU model (its data or code changed)', [at('dist', 'cli', 'nlu-train.js')]);
}
