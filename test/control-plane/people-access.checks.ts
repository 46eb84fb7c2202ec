import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { describeResponse, dryRunCreate } from './support/api';
import type { PlatformUnderTest } from './support/platform';
import { CLUSTER_ACCESS_MATRIX, ClusterPrincipal, PEOPLE, resourceAttributes } from './people-matrix';

function deployment(namespace: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'people-probe', namespace },
    spec: {
      selector: { matchLabels: { app: 'people-probe' } },
      template: {
        metadata: { labels: { app: 'people-probe' } },
        spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
      },
    },
  };
}

const as = (who: ClusterPrincipal) => ({ impersonateUser: who.username, impersonateGroups: who.groups });

/**
 * What it must show, point 1: the people access matrix on the real API server's RBAC authorizer.
 * Needs the shipped objects applied (the ClusterRoles and bindings), so it runs after them.
 */
export function peopleAccessChecks(platform: PlatformUnderTest): void {
  describe('people: the access matrix, asked of the RBAC authorizer as EKS presents each person', () => {
    for (const r of CLUSTER_ACCESS_MATRIX) {
      const where = r.namespace === '*' ? 'all namespaces' : `namespace ${r.namespace}`;
      test(`${r.expect}: ${r.who.label} ${r.verb} ${r.resource} in ${where}`, async () => {
        const review = {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: { user: r.who.username, groups: r.who.groups, resourceAttributes: resourceAttributes(r) },
        };
        const response = await platform.plane().request('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', review);
        assert.equal(response.status, 201, describeResponse(response));
        const { allowed, reason } = response.body.status;
        assert.equal(allowed ? 'allowed' : 'denied', r.expect, `reason: ${reason ?? 'none (no binding grants it)'}`);
      });
    }
  });

  describe('people: real requests, impersonating the person with the groups of their access entry', () => {
    test('a developer of dev creates a Deployment in dev (server dry-run) and is refused one in prod', async () => {
      const own = await dryRunCreate(platform.plane(), deployment('dev'), as(PEOPLE.devDeveloper));
      assert.equal(own.status, 201, describeResponse(own));
      const other = await dryRunCreate(platform.plane(), deployment('prod'), as(PEOPLE.devDeveloper));
      assert.equal(other.status, 403, describeResponse(other));
    });

    test('the deployer of prod lists no Secret of prod, and the auditor lists pods of every namespace but no Secret', async () => {
      const secrets = await platform.plane().request('GET', '/api/v1/namespaces/prod/secrets', undefined, as(PEOPLE.prodDeployer));
      assert.equal(secrets.status, 403, describeResponse(secrets));
      const pods = await platform.plane().request('GET', '/api/v1/pods', undefined, as(PEOPLE.auditor));
      assert.equal(pods.status, 200, describeResponse(pods));
      const auditorSecrets = await platform.plane().request('GET', '/api/v1/secrets', undefined, as(PEOPLE.auditor));
      assert.equal(auditorSecrets.status, 403, describeResponse(auditorSecrets));
    });
  });
}
