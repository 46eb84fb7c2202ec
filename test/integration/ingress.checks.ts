import { strict as assert } from 'node:assert';
import { request } from 'node:https';
import { describe } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1Deployment, V1Ingress, V1NetworkPolicy, V1Pod, V1Service } from '@kubernetes/client-node';
import { exampleObject, paymentsApiObjects } from '../support/payments-api-example';
import type { Deployment } from './support/deployment';
import { apiError, connect, deleteIgnoringAbsence, Kube, refusal, RUN_LABELS } from './support/kube';
import { check, RUN_ID } from './support/suite';

/** A tenant namespace at Pod Security `restricted`, as a payments team's would be. */
const TENANT = 'prod';
/** The controller provisions the load balancer; then its DNS name has to resolve. */
const LOAD_BALANCER_TIMEOUT_MS = 8 * 60_000;
/** After the Ingress is deleted, the controller deletes the load balancer and only then lets the Ingress go. */
const REMOVAL_TIMEOUT_MS = 5 * 60_000;
/** SQL injection in a query string: AWSManagedRulesSQLiRuleSet blocks it (403). */
const SQL_INJECTION_QUERY = `?id=${encodeURIComponent("1' OR '1'='1")}`;

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs / 60_000} minutes`);
    await sleep(10_000);
  }
}

/**
 * The sample (examples/payments-api) in the tenant, `ingresses` in place of its own Ingress, for
 * the duration of `body`; then every object is deleted and, for each Ingress, the suite waits
 * until the controller has deleted its load balancer (the Ingress goes only after that).
 */
async function withSample(kube: Kube, ingresses: (sample: V1Ingress) => V1Ingress[], body: (hosts: string[]) => Promise<void>) {
  const objects = paymentsApiObjects(TENANT);
  const labelled = <T extends { metadata?: any }>(object: T): T => ({
    ...object,
    metadata: { ...object.metadata, labels: { ...object.metadata?.labels, ...RUN_LABELS } },
  });
  const deployment = labelled(exampleObject(objects, 'Deployment') as V1Deployment);
  const service = labelled(exampleObject(objects, 'Service') as V1Service);
  const made = ingresses(exampleObject(objects, 'Ingress') as V1Ingress).map(labelled);
  try {
    await kube.apps.createNamespacedDeployment({ namespace: TENANT, body: deployment });
    await kube.core.createNamespacedService({ namespace: TENANT, body: service });
    for (const ingress of made) await kube.networking.createNamespacedIngress({ namespace: TENANT, body: ingress });
    const hosts = await Promise.all(
      made.map((ingress) =>
        until(`Ingress ${TENANT}/${ingress.metadata!.name} has a load balancer`, LOAD_BALANCER_TIMEOUT_MS, async () => {
          const read = await kube.networking.readNamespacedIngress({ name: ingress.metadata!.name!, namespace: TENANT });
          return read.status?.loadBalancer?.ingress?.[0]?.hostname;
        }),
      ),
    );
    await body(hosts);
  } finally {
    for (const ingress of made) {
      const name = ingress.metadata!.name!;
      await deleteIgnoringAbsence(() => kube.networking.deleteNamespacedIngress({ name, namespace: TENANT }));
      await until(`Ingress ${TENANT}/${name} and its load balancer are gone`, REMOVAL_TIMEOUT_MS, async () => {
        try {
          await kube.networking.readNamespacedIngress({ name, namespace: TENANT });
          return undefined;
        } catch (error) {
          if (apiError(error).code === 404) return true;
          throw error;
        }
      });
    }
    const name = service.metadata!.name!;
    await deleteIgnoringAbsence(() => kube.core.deleteNamespacedService({ name, namespace: TENANT }));
    await deleteIgnoringAbsence(() => kube.apps.deleteNamespacedDeployment({ name: deployment.metadata!.name!, namespace: TENANT }));
  }
}

/** What the client pod prints: the echo's answer, or why there was none. */
interface Answer {
  readonly status?: number;
  /** The TLS version negotiated with the load balancer; undefined over plain HTTP. */
  readonly tls?: string;
  readonly body?: string;
  readonly error?: string;
}

/**
 * Runs in the client pod (node, from the sample's own image): asks the URL until it answers 200
 * or 6 minutes pass (the load balancer's DNS name takes a while to resolve). The load balancer's
 * certificate names the service's host, not the load balancer's DNS name, so the name is not checked.
 */
const CLIENT_SCRIPT = `
const url = new URL(process.argv[1]);
const lib = require(url.protocol === 'https:' ? 'https' : 'http');
const deadline = Date.now() + 6 * 60000;
function ask() {
  lib.get(url, { rejectUnauthorized: false, minVersion: 'TLSv1.2' }, (res) => {
    let body = '';
    res.on('data', (d) => (body += d));
    res.on('end', () => {
      const tls = res.socket.getProtocol ? res.socket.getProtocol() : undefined;
      if (res.statusCode !== 200 && Date.now() < deadline) return setTimeout(ask, 10000);
      console.log(JSON.stringify({ status: res.statusCode, tls, body }));
    });
  }).on('error', (e) => (Date.now() < deadline ? setTimeout(ask, 10000) : console.log(JSON.stringify({ error: e.message }))));
}
ask();
`;

/** Asks `url` from a pod in the tenant: an internal load balancer is reachable only from inside the VPC. */
async function askFromTenant(kube: Kube, image: string, url: string): Promise<Answer> {
  const name = `integration-client-${RUN_ID}`;
  const selector = { 'platform.fintech/run': RUN_ID, 'platform.fintech/role': 'client' };
  // Tenants deny egress by default: this pod alone may open connections, on 80 and 443.
  const policy: V1NetworkPolicy = {
    metadata: { name, namespace: TENANT, labels: { ...RUN_LABELS } },
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Egress'],
      egress: [
        {
          ports: [
            { protocol: 'TCP', port: 443 },
            { protocol: 'TCP', port: 80 },
          ],
        },
      ],
    },
  };
  const pod: V1Pod = {
    metadata: { name, namespace: TENANT, labels: { ...RUN_LABELS, ...selector } },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'client',
          image,
          command: ['node', '-e', CLIENT_SCRIPT, url],
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
        },
      ],
    },
  };
  await kube.networking.createNamespacedNetworkPolicy({ namespace: TENANT, body: policy });
  try {
    await kube.core.createNamespacedPod({ namespace: TENANT, body: pod });
    await until(`client pod ${TENANT}/${name} finished`, 8 * 60_000, async () => {
      const phase = (await kube.core.readNamespacedPod({ name, namespace: TENANT })).status?.phase;
      return phase === 'Succeeded' || phase === 'Failed' ? phase : undefined;
    });
    const log = await kube.core.readNamespacedPodLog({ name, namespace: TENANT });
    return JSON.parse(log.trim().split('\n').pop() ?? '{}') as Answer;
  } finally {
    await deleteIgnoringAbsence(() => kube.core.deleteNamespacedPod({ name, namespace: TENANT, gracePeriodSeconds: 0 }));
    await deleteIgnoringAbsence(() => kube.networking.deleteNamespacedNetworkPolicy({ name, namespace: TENANT }));
  }
}

/** One HTTPS GET from where the suite runs; the certificate names the service's host, not the load balancer's. */
function get(url: string): Promise<{ status: number; tls?: string }> {
  return new Promise((resolve, reject) => {
    request(url, { rejectUnauthorized: false, minVersion: 'TLSv1.2' }, (response) => {
      response.resume();
      response.on('end', () => {
        const socket = response.socket as { getProtocol?: () => string | null };
        resolve({ status: response.statusCode ?? 0, tls: socket.getProtocol?.() ?? undefined });
      });
    })
      .on('error', reject)
      .end();
  });
}

function sampleImage(): string {
  const deployment = exampleObject(paymentsApiObjects(TENANT), 'Deployment') as V1Deployment;
  return deployment.spec!.template.spec!.containers[0].image!;
}

/**
 * O7 on a real deployment: the sample payments API goes in through the internal class, answers
 * through its load balancer (over TLS where the class has a certificate, and over TLS from the
 * load balancer to the pod in any case), and is removed with its load balancer; with public
 * ingress, the web ACL blocks a known-bad request. Never vacuous: without public ingress the
 * second check proves there is no public class instead.
 */
export function ingressChecks(): void {
  describe('ingress: the sample payments API', () => {
    check(
      `deployed into ${TENANT} through the internal class, it answers through its load balancer and goes with it`,
      async (deployment: Deployment) => {
        const kube = await connect(deployment);
        const httpsListener = deployment.config.ingress.internalCertificateArn !== undefined;
        await withSample(
          kube,
          (sample) => [sample],
          async ([host]) => {
            const answer = await askFromTenant(kube, sampleImage(), `${httpsListener ? 'https' : 'http'}://${host}/payments`);
            assert.equal(answer.status, 200, JSON.stringify(answer));
            const echoed = JSON.parse(answer.body!) as { path: string; protocol: string; headers: Record<string, string> };
            assert.equal(echoed.path, '/payments');
            // The hop from the load balancer to the pod is TLS (backend-protocol HTTPS) ...
            assert.equal(echoed.protocol, 'https');
            // ... and so is the client's, where the class has a certificate (production requires one).
            assert.equal(echoed.headers['x-forwarded-proto'], httpsListener ? 'https' : 'http');
            if (httpsListener) assert.match(answer.tls ?? '', /^TLSv1\.[23]$/);
          },
        );
      },
      { timeoutMs: 30 * 60_000 },
    );

    check(
      'with public ingress, the web ACL blocks SQL injection (403); without it, there is no public class to use',
      async (deployment: Deployment) => {
        const kube = await connect(deployment);
        if (deployment.config.ingress.publicCertificateArns === undefined) {
          const read = await refusal('IngressClass public', () => kube.networking.readIngressClass({ name: 'public' }));
          assert.equal(read.code, 404);
          const sample = exampleObject(paymentsApiObjects(TENANT), 'Ingress') as V1Ingress;
          const body = {
            ...sample,
            metadata: { ...sample.metadata, name: `integration-public-${RUN_ID}` },
            spec: { ...sample.spec, ingressClassName: 'public' },
          };
          const refused = await refusal('a public Ingress', () =>
            kube.networking.createNamespacedIngress({ namespace: TENANT, body, dryRun: 'All' }),
          );
          assert.equal(refused.code, 403);
          assert.match(refused.message, /public ingress is not enabled in this cluster/);
          return;
        }
        await withSample(
          kube,
          (sample) => [
            {
              ...sample,
              metadata: { ...sample.metadata, name: 'payments-api-public' },
              spec: { ...sample.spec, ingressClassName: 'public' },
            },
          ],
          async ([host]) => {
            const ok = await until(`https://${host}/payments answers 200`, LOAD_BALANCER_TIMEOUT_MS, async () => {
              const answer = await get(`https://${host}/payments`).catch(() => undefined);
              return answer?.status === 200 ? answer : undefined;
            });
            assert.match(ok.tls ?? '', /^TLSv1\.[23]$/);
            const blocked = await get(`https://${host}/payments${SQL_INJECTION_QUERY}`);
            assert.equal(blocked.status, 403, `a SQL injection in the query string answered ${blocked.status}`);
          },
        );
      },
      { timeoutMs: 30 * 60_000 },
    );
  });
}
