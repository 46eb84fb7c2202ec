import { rmSync } from 'node:fs';
import { runCdk, stackNameFromArgs } from './cdk-cli';
import { displayPath, FLAT_OUTPUTS_FILE, flattenOutputsFile, RAW_OUTPUTS_FILE } from './flatten-outputs';

/**
 * The CDK CLI arguments of a deploy of `stackName`. The CLI's own approval prompt stays on (its
 * default, `--require-approval broadening`): IAM and security-group widenings are shown to a
 * person before they are applied. Automation opts out explicitly with `--require-approval never`
 * among `args`, as the pull-request workflow does.
 */
export function deployArguments(stackName: string, args: readonly string[]): string[] {
  return ['deploy', stackName, '--outputs-file', RAW_OUTPUTS_FILE, ...args];
}

/**
 * `npm run deploy -- -c environmentSuffix=pr42 -c platformProfile=ephemeral [other cdk deploy flags]`
 *
 * Deploys the one stack these settings name and writes its outputs, flattened, to
 * cfn-outputs/flat-outputs.json for the integration suite.
 */
function main(args: readonly string[]): number {
  const stackName = stackNameFromArgs(args);
  if (stackName === undefined) return 1;

  // A failed deploy must not leave an earlier environment's outputs for the suite to test.
  rmSync(FLAT_OUTPUTS_FILE, { force: true });
  rmSync(RAW_OUTPUTS_FILE, { force: true });

  const status = runCdk(deployArguments(stackName, args));
  if (status !== 0) return status;

  try {
    const flat = flattenOutputsFile(RAW_OUTPUTS_FILE, FLAT_OUTPUTS_FILE, stackName);
    console.log(`${displayPath(FLAT_OUTPUTS_FILE)}: ${Object.keys(flat).length} outputs of ${stackName}`);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
