import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { KubernetesObject } from '../support/kubernetes';
import { describeResponse } from './support/api';
import type { PlatformUnderTest } from './support/platform';

/**
 * Wildcard grants the platform makes on purpose, each by its binding (`ClusterRoleBinding <name>`
 * or `RoleBinding <namespace>/<name>`), or by a ClusterRole that extends the built-in roles
 * (`ClusterRole <name>`), with the reason. None today: a chart or manifest that grants a `*` verb,
 * resource or API group fails the suite until it is named here.
 */
const NAMED_WILDCARD_GRANTS: Readonly<Record<string, string>> = {};

interface Rule {
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly verbs: string[];
  readonly nonResourceURLs?: string[];
}

const isWildcard = (rule: Rule) => [rule.verbs, rule.resources, rule.apiGroups].some((list) => list?.includes('*'));

const AGGREGATE_TO = /^rbac\.authorization\.k8s\.io\/aggregate-to-(.+)$/;
const READ_VERBS = ['get', 'list', 'watch'];

/**
 * The RBAC every shipped binding grants (manifests and Helm releases alike), read from the API
 * server: the role as it is stored there, built-in roles such as system:auth-delegator included.
 * Needs the shipped objects applied.
 */
export function rbacChecks(platform: PlatformUnderTest): void {
  const bindings = platform.steps.flatMap((step) =>
    'object' in step && ['ClusterRoleBinding', 'RoleBinding'].includes(step.object.kind)
      ? [{ binding: step.object as KubernetesObject & { roleRef: { kind: string; name: string } }, release: step.release }]
      : [],
  );

  describe('the RBAC of every shipped binding, as the API server holds its role', () => {
    test('the templates ship bindings (guards the checks below against an empty list)', () => assert.ok(bindings.length > 0));
    for (const { binding, release } of bindings) {
      const namespace = binding.kind === 'RoleBinding' ? (binding.metadata?.namespace ?? release?.namespace ?? 'default') : undefined;
      const id = `${binding.kind} ${namespace ? `${namespace}/` : ''}${binding.metadata?.name}`;
      const named = NAMED_WILDCARD_GRANTS[id];
      const from = release ? ` (Helm release ${release.name})` : '';
      const title = named
        ? `${id}${from} grants a wildcard, on purpose: ${named}`
        : `${id}${from} grants no "*" verb, resource or API group (${binding.roleRef.kind} ${binding.roleRef.name})`;
      test(title, async () => {
        const { kind, name } = binding.roleRef;
        const path =
          kind === 'ClusterRole'
            ? `/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`
            : `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles/${name}`;
        const response = await platform.plane().request('GET', path);
        assert.equal(response.status, 200, `${kind} ${name}: ${describeResponse(response)}`);
        // An aggregated role's rules are filled in by a controller, from roles anyone may add later.
        assert.equal(response.body.aggregationRule, undefined, `${kind} ${name} aggregates other roles`);
        const wildcards = ((response.body.rules ?? []) as Rule[]).filter(isWildcard);
        if (named) assert.ok(wildcards.length > 0, `${id} grants no wildcard any more: remove it from NAMED_WILDCARD_GRANTS`);
        else assert.deepEqual(wildcards, [], `${kind} ${name} grants wildcards`);
      });
    }
  });

  // A ClusterRole labelled aggregate-to-<role> needs no binding: Kubernetes adds its rules to that
  // built-in role, so everyone who holds admin, edit or view gets them.
  const aggregated = platform.steps.flatMap((step) => {
    if (!('object' in step) || step.object.kind !== 'ClusterRole') return [];
    const labels = Object.entries(step.object.metadata?.labels ?? {});
    const into = labels.flatMap(([key, value]) => (value === 'true' ? [AGGREGATE_TO.exec(key)?.[1]] : [])).filter((r) => r !== undefined);
    // The assertion types the array this callback returns; without it flatMap infers `{}` for role.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    return into.length > 0 ? [{ role: step.object as KubernetesObject & { rules?: Rule[] }, into, release: step.release }] : [];
  });
  describe('the rules every shipped ClusterRole adds to the built-in roles (aggregation labels)', () => {
    for (const { role, into, release } of aggregated) {
      const id = `ClusterRole ${role.metadata?.name}`;
      const from = release ? ` (Helm release ${release.name})` : '';
      const readOnly = into.includes('view');
      test(`${id}${from} adds to ${into.join(', ')} no "*"${readOnly ? ', and only reads, as view promises' : ''}`, () => {
        const rules = role.rules ?? [];
        const named = NAMED_WILDCARD_GRANTS[id];
        if (named) assert.ok(rules.some(isWildcard), `${id} grants no wildcard any more: remove it from NAMED_WILDCARD_GRANTS`);
        else assert.deepEqual(rules.filter(isWildcard), [], `${id} grants wildcards`);
        if (readOnly)
          assert.deepEqual(
            rules.flatMap((rule) => rule.verbs.filter((verb) => !READ_VERBS.includes(verb))),
            [],
          );
      });
    }
  });
}
