/**
 * A hash of every file a whole-repository check reads, for the checks whose verdict on one file
 * depends on others (the type checker, typed lint), so a per-file cache would be unsound: with
 * the hash unchanged since a clean run, the verdict is the same; any change runs the check again.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');

/**
 * The TypeScript sources and every JSON file (compiler and lint settings, data that code imports,
 * and the lock file, which pins the compiler, the linter and the libraries' types), of the files
 * git tracks or would track; undefined without git (a copy without history): then nothing is reused.
 */
export function inputsHash(): string | undefined {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) return undefined;
  const files = listed.stdout
    .split('\0')
    .filter((file) => /\.(ts|json)$/.test(file) || file === 'eslint.config.cjs')
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
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

/** A cache directory holding one entry, the current one: older entries are removed. */
export function soleCacheEntry(directory: string, name: string): string {
  const entry = join(directory, name);
  mkdirSync(directory, { recursive: true });
  for (const stale of readdirSync(directory).filter((other) => other !== name)) rmSync(join(directory, stale), { force: true });
  return entry;
}
