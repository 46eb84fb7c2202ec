import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { FLAT_OUTPUTS_FILE } from '../../../scripts/flatten-outputs';
import { Deployment, DeploymentLookup, lookUpDeployment } from './deployment';

/** Labels every object the suite creates, so the final clean-up finds them all. */
export const RUN_ID = randomUUID().slice(0, 8);

const tally = { checks: 0, passed: 0, failed: 0, skipped: 0 };
let lookup: Promise<DeploymentLookup> | undefined;
/** What the closing line says the suite ran against, or why it could not. */
let outcome = 'no deployment looked up';

/** The deployment under test, looked up once; announces a skip on its one line. */
export function deployment(): Promise<DeploymentLookup> {
  lookup ??= lookUpDeployment({
    outputsFile: FLAT_OUTPUTS_FILE,
    args: process.argv.slice(2),
    env: process.env,
    credentials: fromNodeProviderChain(),
  }).then(
    (found) => {
      if ('skipReason' in found) {
        outcome = found.skipReason;
        console.log(`integration suite skipped: ${found.skipReason}`);
      } else {
        const { config, region } = found.deployment;
        outcome = `against ${config.names.stack} (${config.profile}) in ${region}`;
      }
      return found;
    },
    (error: Error) => {
      outcome = `the deployment could not be read: ${error.message.split('\n')[0]}`;
      throw error;
    },
  );
  return lookup;
}

/** One named check of the deployment; skipped, with the reason, when there is none. */
export function check(name: string, body: (deployment: Deployment) => Promise<void>, options: { timeoutMs?: number } = {}): void {
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

/** The closing line, after the test runner's own report. */
export function printSummaryOnExit(): void {
  process.on('exit', () => {
    const unfinished = tally.checks - tally.passed - tally.failed - tally.skipped;
    const counts =
      `${tally.checks} checks: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped` +
      (unfinished > 0 ? `, ${unfinished} not run to the end (timed out, cancelled or filtered out)` : '');
    console.log(`integration suite: ${counts} (${outcome})`);
  });
}
