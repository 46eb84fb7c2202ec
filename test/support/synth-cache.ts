import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The cache of synthesized templates that test/support/synth.ts reads: one file per configuration
 * and state of the sources. Only Node's own modules here, so that jest's global setup can prune it
 * without loading aws-cdk-lib.
 */

const ROOT = join(__dirname, '..', '..');

/**
 * Everything a synthesized template depends on besides the settings: the app's code and data,
 * the feature flags, the installed aws-cdk-lib (through the lock file), the compiler settings,
 * and the code here that drives the synthesis.
 */
export const SYNTHESIS_SOURCES = [
  'lib',
  'bin',
  'environments',
  'cdk.json',
  'package-lock.json',
  'tsconfig.json',
  'scripts/cdk-cli.ts',
  'test/support/synth.ts',
  'test/support/synth-cache.ts',
];

/** Templates shared between test files, test workers and runs; node_modules/.cache is where tools keep such caches. */
export const SYNTH_CACHE_ROOT = join(ROOT, 'node_modules', '.cache', 'platform-synth');

export const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/**
 * The helper StrykerJS's instrumenter puts at the top of every file it mutates (every mutant is
 * compiled in at once and switched on at run time). Not itself in a synthesis source outside test/.
 */
const MUTANT_SWITCH = 'stryNS_9fa48';

interface Sources {
  /** A hash of every synthesis source's path and content: a change to any of them gives new cache entries. */
  readonly hash: string;
  /** Whether StrykerJS has mutated code that synthesis runs. */
  readonly mutated: boolean;
}

let sourcesMemo: Sources | undefined;

function sources(): Sources {
  if (sourcesMemo) return sourcesMemo;
  const files = SYNTHESIS_SOURCES.flatMap((source) => filesUnder(join(ROOT, source))).map((file) => ({
    path: relative(ROOT, file),
    content: readFileSync(file),
  }));
  sourcesMemo = {
    hash: sha256(files.map(({ path, content }) => `${path}\0${sha256(content)}`).join('\n')),
    mutated: files.some(({ path, content }) => !path.startsWith('test') && content.includes(MUTANT_SWITCH)),
  };
  return sourcesMemo;
}

export function sourceHash(): string {
  return sources().hash;
}

/**
 * Whether templates may come from the cache on disk: not when StrykerJS has mutated code that
 * synthesis runs (lib/, bin/, scripts/cdk-cli.ts). Its mutants are all compiled in at once and
 * switched on at run time, so the sources, and with them the key, are the same for every mutant,
 * and a cached template would hide them all. Mutants of the lifecycle scripts leave the sources
 * as they are, and their tests read templates from the cache. `PLATFORM_SYNTH_CACHE=off` turns
 * the cache off by hand.
 */
export function diskCacheEnabled(): boolean {
  return process.env.PLATFORM_SYNTH_CACHE !== 'off' && !sources().mutated;
}

/**
 * Reads a cached result of the synthesis sources (a template, or the compliance gate's verdict
 * on one), or produces and stores it; the rename makes a half-written file invisible to other
 * workers. The key names everything else the result depends on.
 */
export function cachedJson(key: string, produce: () => unknown): unknown {
  const directory = join(SYNTH_CACHE_ROOT, sourceHash());
  const file = join(directory, `${sha256(key)}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const json = produce();
  mkdirSync(directory, { recursive: true });
  const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
  writeFileSync(partial, JSON.stringify(json));
  renameSync(partial, file);
  return json;
}
