/**
 * `npm run typecheck`: the TypeScript compiler over two programs: everything (tsconfig.json),
 * and the production code again with noUncheckedIndexedAccess (tsconfig.strict.json; tests are
 * left out, see docs/development/testing.md). Both are incremental; and when no file either reads
 * has changed since both passed (./unchanged-inputs.ts), neither runs: each takes about 10 s of
 * CPU even with nothing to do, loading aws-cdk-lib's declarations.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMain } from '../scripts/run-main';
import { inputsHash, ROOT, soleCacheEntry } from './unchanged-inputs';

const CACHE = join(ROOT, 'node_modules', '.cache', 'tsc');
const PROJECTS = [
  ['tsconfig.json', 'tsconfig.tsbuildinfo'],
  ['tsconfig.strict.json', 'strict.tsbuildinfo'],
] as const;

function main(): number {
  const hash = inputsHash();
  const passed = hash === undefined ? undefined : soleCacheEntry(join(CACHE, 'passed'), hash);
  if (passed !== undefined && existsSync(passed)) return 0;
  for (const [project, buildInfo] of PROJECTS) {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['-p', project, '--incremental', '--tsBuildInfoFile', join(CACHE, buildInfo)];
    const status = spawnSync(process.execPath, [tsc, ...args], { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
    if (status !== 0) return status;
  }
  if (passed !== undefined) writeFileSync(passed, '');
  return 0;
}

if (require.main === module) void runMain('typecheck', main);
