import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { outputsFiles } from '../../../scripts/flatten-outputs';
import { Deployment, DeploymentLookup, lookUpDeployment } from './deployment';

/** Labels every object the suite creates, so the final clean-up finds them all. */
export const RUN_ID = randomUUID().slice(0, 8);

const tally = { checks: 0, passed: 0, failed: 0, skipped: 0 };
let lookup: Promise<DeploymentLookup> | undefined;
/** Set when the checks run against the local control plane rather than a deployment. */
let localControlPlane = false;
/** What the closing line says the suite ran against, or why it could not. */
let outcome = 'no deployment looked up';
/** A deployment is there but cannot be read (a malformed outputs file): the run fails, once. */
let unreadable = false;

/** Under CI a skipped suite proves nothing, so it fails the run; locally it only says so. */
const CI = process.env.CI === 'true';

/**
 * The deployment under test, looked up once. A skip is announced on one line; a deployment
 * that cannot be read is reported once, here, and every check is skipped with a pointer to it
 * rather than failing with the same message.
 */
export function deployment(): Promise<DeploymentLookup> {
  lookup ??= lookUpDeployment({
    outputsFile: process.env.FLAT_OUTPUTS_FILE ?? outputsFiles().flat,
    args: process.argv.slice(2),
    env: process.env,
    credentials: fromNodeProviderChain(),
  }).then(
    (found) => {
      if ('skipReason' in found) {
        outcome = found.skipReason;
        console.log(`integration suite skipped: ${found.skipReason}${CI ? ' (CI=true: a skipped suite fails the run)' : ''}`);
      } else {
        const { config, region } = found.deployment;
        outcome = `against ${config.names.stack} (${config.profile}) in ${region}`;
      }
      return found;
    },
    (error: Error) => {
      unreadable = true;
      outcome = 'the deployment could not be read (see the error above)';
      console.error(`integration suite: the deployment could not be read: ${error.message}`);
      return { skipReason: 'not run: see the error above' };
    },
  );
  return lookup;
}

/**
 * Runs the checks against a local control plane (test/control-plane) instead of the deployment
 * of the outputs file; call before registering them. Checks not marked `local` need AWS (or
 * nodes) and are listed as not applying.
 */
export function useLocalControlPlane(deployment: Promise<Deployment>): void {
  localControlPlane = true;
  lookup = deployment.then((found) => {
    outcome = `against the local control plane of ${found.config.names.stack} (${found.config.profile}), without AWS`;
    return { deployment: found };
  });
}

export interface CheckOptions {
  readonly timeoutMs?: number;
  /** The check needs only the Kubernetes API, so it also runs against the local control plane. */
  readonly local?: boolean;
}

/** One named check of the deployment; skipped, with the reason, when there is none. */
export function check(name: string, body: (deployment: Deployment) => Promise<void>, options: CheckOptions = {}): void {
  if (localControlPlane && !options.local) {
    test.todo(`DOES NOT APPLY to the local control plane (needs AWS or nodes): ${name}`);
    return;
  }
  tally.checks++;
  test(name, { timeout: options.timeoutMs ?? 120_000 }, async (t) => {
    try {
      const found = await deployment();
      if ('skipReason' in found) {
        tally.skipped++;
        t.skip(found.skipReason);
        return;
      }
      await body(found.deployment);
      tally.passed++;
    } catch (error) {
      tally.failed++;
      throw error;
    }
  });
}

/** The closing line, after the test runner's own report; sets the exit code for the cases above. */
export function printSummaryOnExit(): void {
  process.on('exit', () => {
    const unfinished = tally.checks - tally.passed - tally.failed - tally.skipped;
    const counts =
      `${tally.checks} checks: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped` +
      (unfinished > 0 ? `, ${unfinished} not run to the end (timed out, cancelled or filtered out)` : '');
    const verdict = unreadable ? ': FAILED' : CI && tally.skipped > 0 ? ': FAILED, because CI=true and checks were skipped' : '';
    console.log(`integration suite: ${counts} (${outcome})${verdict}`);
    if (verdict) process.exitCode = 1;
  });
}
