/**
 * `npm run lint`: ESLint over the repository with type information (tsconfig.json's program),
 * reusing the result of the last run when nothing it reads has changed.
 *
 * ESLint's own cache is per file, but typed rules (no-floating-promises, no-unsafe-*) read the
 * types of the files a file imports, so a per-file cache could pass a file whose import changed.
 * The cache here is keyed by every file the lint reads (./unchanged-inputs.ts): with all of them
 * as they were, every file is a cache hit and no program is built; any change starts a fresh
 * cache and lints everything.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runMain } from '../scripts/run-main';
import { inputsHash, ROOT, soleCacheEntry } from './unchanged-inputs';

function main(): number {
  const eslint = [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js')];
  const hash = inputsHash();
  if (hash !== undefined) {
    const location = soleCacheEntry(join(ROOT, 'node_modules', '.cache', 'eslint-typed'), `${hash}.json`);
    eslint.push('--cache', '--cache-strategy', 'content', '--cache-location', location);
  }
  return spawnSync(process.execPath, [...eslint, '.'], { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
}

if (require.main === module) void runMain('lint', main);
