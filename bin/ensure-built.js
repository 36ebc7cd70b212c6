// dist/ is what bin/capsim.js runs. A checkout whose sources moved on since the last build (a git pull,
// an edit, an install that skipped `prepare`) would otherwise run old code, or fail to link against
// it: compile first when any TypeScript source or JSON schema is newer than the build. The build also
// precompiles the schemas' validators (dist/validators/, which never serves a schema that changed
// since, but compiling one at run time costs ~0.3 s).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['src', 'models', 'calibration', 'bench'];
/** tsc writes every output on each build, so this file's time is the build's. */
const BUILT = join(root, 'dist', 'models', 'index.js');
const VALIDATORS = join(root, 'dist', 'validators');

function newestSource(dir, newest = 0) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(path, newest);
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.schema.json')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuilt() {
  const built = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
  const newest = SOURCES.reduce((n, dir) => newestSource(join(root, dir), n), statSync(join(root, 'tsconfig.json')).mtimeMs);
  if (newest <= built) {
    if (!existsSync(VALIDATORS)) buildValidators(); // built by a bare tsc
    return;
  }
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write(`capsim: dist/ is ${built ? 'older than the sources' : 'missing'} and TypeScript is not installed: run npm install (it compiles), then try again\n`);
    process.exit(1);
  }
  process.stderr.write(`capsim: compiling (dist/ is ${built ? 'older than the sources' : 'missing'}) …\n`);
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) {
    process.stderr.write('capsim: the sources do not compile (tsc above); fix them or run npm run build\n');
    process.exit(1);
  }
  buildValidators();
}

function buildValidators() {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'src', 'config', 'validators-build.js')], { stdio: ['ignore', 'ignore', 2] });
  if (r.status !== 0) {
    process.stderr.write('capsim: precompiling the schema validators failed (above); fix the schema or run npm run build\n');
    process.exit(1);
  }
}
