/**
 * `npm run lint`: ESLint over the repository with type information (tsconfig.json's program),
 * reusing the result of the last run when nothing it reads has changed.
 *
 * ESLint's own cache is per file, but typed rules (no-floating-promises, no-unsafe-*) read the
 * types of the files a file imports, so a per-file cache could pass a file whose import changed.
 * The cache here is keyed by every file the lint reads (the TypeScript sources, the lint and
 * compiler settings, the lock file that pins ESLint, its plugins and the libraries' types): with
 * all of them as they were, every file is a cache hit and no program is built; any change starts
 * a fresh cache and lints everything. Without git (a copy without history) it lints everything.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runMain } from '../scripts/run-main';

const ROOT = join(__dirname, '..');
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'eslint-typed');
const SETTINGS = ['eslint.config.cjs', 'tsconfig.json', 'package-lock.json'];

/** The files git tracks or would track (ignored ones excepted), or none without git. */
function repositoryFiles(): string[] | undefined {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) return undefined;
  return listed.stdout.split('\0').filter(Boolean);
}

/** A hash of the path and content of every file the lint reads. */
export function lintInputsHash(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files.filter((f) => f.endsWith('.ts') || SETTINGS.includes(f)).sort()) {
    let content: Buffer;
    try {
      content = readFileSync(join(ROOT, file));
    } catch {
      continue; // listed by git, deleted in the work tree
    }
    hash.update(`${file}\0${createHash('sha256').update(content).digest('hex')}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

function main(): number {
  const eslint = [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js')];
  const files = repositoryFiles();
  if (files) {
    const location = join(CACHE_DIR, `${lintInputsHash(files)}.json`);
    mkdirSync(CACHE_DIR, { recursive: true });
    for (const stale of readdirSync(CACHE_DIR).filter((name) => join(CACHE_DIR, name) !== location)) {
      rmSync(join(CACHE_DIR, stale), { force: true });
    }
    eslint.push('--cache', '--cache-strategy', 'content', '--cache-location', location);
  }
  const result = spawnSync(process.execPath, [...eslint, '.'], { cwd: ROOT, stdio: 'inherit' });
  return result.status ?? 1;
}

if (require.main === module) void runMain('lint', main);
