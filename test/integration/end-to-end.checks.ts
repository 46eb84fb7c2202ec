import { describe } from 'node:test';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { awsClients } from './support/clients';
import type { Deployment } from './support/deployment';
import { connect, deleteIgnoringAbsence } from './support/kube';
import { waitForMarker } from './support/marker-poller';
import { restrictedPod } from './support/pods';
import { check, RUN_ID } from './support/suite';

/** Scheduling, an image pull through the NAT gateway, Fluent Bit's flush and CloudWatch ingestion. */
const MARKER_TIMEOUT_MS = 5 * 60_000;
/** Node and runner clocks may disagree; events this much older than the pod still count. */
const CLOCK_SKEW_MS = 60_000;
const MARKER_NAMESPACE = 'dev';

/** Where the pod stands, for a failure message that says whether it ever ran. */
async function podState(deployment: Deployment, name: string): Promise<string> {
  try {
    const { core } = await connect(deployment);
    const pod = await core.readNamespacedPod({ name, namespace: MARKER_NAMESPACE });
    const container = pod.status?.containerStatuses?.[0]?.state;
    const detail = container?.waiting?.reason ?? container?.terminated?.reason ?? (container?.running ? 'Running' : 'not started');
    return `pod ${MARKER_NAMESPACE}/${name}: ${pod.status?.phase}, container ${detail}`;
  } catch (error) {
    return `pod ${MARKER_NAMESPACE}/${name}: cannot be read (${(error as Error).message})`;
  }
}

export function endToEndChecks(): void {
  describe('end to end', () => {
    check(
      `a pod's output in ${MARKER_NAMESPACE} reaches the container log group`,
      async (deployment) => {
        const { core } = await connect(deployment);
        const { logs } = awsClients(deployment);
        const name = `integration-marker-${RUN_ID}`;
        const marker = `platform-integration-marker-${RUN_ID}-${Date.now()}`;
        const since = Date.now() - CLOCK_SKEW_MS;
        // Repeated for a minute, so that a Fluent Bit tail that starts late still sees a line.
        const pod = restrictedPod(name, MARKER_NAMESPACE, ['sh', '-c', `for i in 1 2 3 4 5 6; do echo ${marker}; sleep 10; done`]);

        await core.createNamespacedPod({ namespace: MARKER_NAMESPACE, body: pod });
        try {
          await waitForMarker({
            filterLogEvents: (input) => logs.send(new FilterLogEventsCommand(input)),
            logGroupName: deployment.outputs.ContainerLogGroupName,
            marker,
            since,
            timeoutMs: MARKER_TIMEOUT_MS,
          });
        } catch (error) {
          throw new Error(`${(error as Error).message}\n${await podState(deployment, name)}`, { cause: error });
        } finally {
          await deleteIgnoringAbsence(() => core.deleteNamespacedPod({ name, namespace: MARKER_NAMESPACE, gracePeriodSeconds: 0 }));
        }
      },
      { timeoutMs: MARKER_TIMEOUT_MS + 120_000 },
    );
  });
}
