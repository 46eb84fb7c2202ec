/**
 * The integration suite: checks a real deployment of the platform through the AWS APIs and
 * the Kubernetes API. Run with `npm run test:integration` after `npm run deploy`; without a
 * deployment (no cfn-outputs/flat-outputs.json, or no AWS credentials) every check is
 * skipped and the run says why on one line.
 *
 * Node's own test runner rather than jest: @kubernetes/client-node is ESM-only.
 */
import { after, before } from 'node:test';
import { awsResourceChecks } from './aws-resources.checks';
import { eksChecks } from './eks.checks';
import { endToEndChecks } from './end-to-end.checks';
import { inClusterChecks } from './in-cluster.checks';
import { ingressChecks } from './ingress.checks';
import { deployment, printSummaryOnExit } from './support/suite';
import { removeRunObjects } from './support/kube';

printSummaryOnExit();

before(async () => {
  // Looked up first, so a skip is announced before any check reports.
  await deployment().catch(() => undefined);
});

eksChecks();
awsResourceChecks();
inClusterChecks();
endToEndChecks();
ingressChecks();

// Whatever a check created and could not remove itself (a timeout, a cancelled run).
after(async () => {
  const found = await deployment().catch(() => undefined);
  if (found && 'deployment' in found) await removeRunObjects(Object.keys(found.deployment.expected.tenants));
});
