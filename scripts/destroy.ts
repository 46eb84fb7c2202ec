import { existsSync, readFileSync, rmSync } from 'node:fs';
import { runCdk, stackNameFromArgs } from './cdk-cli';
import { displayPath, FLAT_OUTPUTS_FILE, RAW_OUTPUTS_FILE } from './flatten-outputs';

/** Whether the outputs on disk came from this stack (another environment's stay untouched). */
function outputsBelongTo(stackName: string): boolean {
  if (!existsSync(RAW_OUTPUTS_FILE)) return false;
  try {
    return Object.prototype.hasOwnProperty.call(JSON.parse(readFileSync(RAW_OUTPUTS_FILE, 'utf8')), stackName);
  } catch {
    return false;
  }
}

/**
 * `npm run destroy -- -c environmentSuffix=pr42 [other cdk destroy flags]`
 *
 * Destroys the stack these settings name without asking, then removes its outputs so the
 * integration suite skips instead of testing an environment that no longer exists.
 */
function main(args: readonly string[]): number {
  const stackName = stackNameFromArgs(args);
  if (stackName === undefined) return 1;

  const status = runCdk(['destroy', stackName, '--force', ...args]);
  if (status !== 0) return status;

  if (outputsBelongTo(stackName)) {
    rmSync(FLAT_OUTPUTS_FILE, { force: true });
    rmSync(RAW_OUTPUTS_FILE, { force: true });
    console.log(`removed ${displayPath(FLAT_OUTPUTS_FILE)} (outputs of ${stackName})`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
