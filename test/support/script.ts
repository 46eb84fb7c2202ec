import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface ScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one of the repository's scripts as `npm run` starts it (Node with tsx, from the repository
 * root) with only the environment given, none of the test's own.
 *
 * Under mutation testing the script runs with the mutant the test runs with: Stryker switches a
 * mutant on in this process only, and its instrumented code reads __STRYKER_ACTIVE_MUTANT__ when
 * it loads, so a test of what a script does when started tests the mutated script.
 */
export function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv): ScriptRun {
  const activeMutant = (globalThis as { __stryker__?: { activeMutant?: string } }).__stryker__?.activeMutant;
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: activeMutant === undefined ? env : { ...env, __STRYKER_ACTIVE_MUTANT__: activeMutant },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
