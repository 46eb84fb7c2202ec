import { CfnResource, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { KubernetesObject } from '../support/kubernetes';
import { lazily, synthesize } from '../support/synth';
import { resourcesOfType, shippedObjects, shippedPatches } from '../support/template';

/** The brief's tenants (R9, S1) and what each must enforce. */
const TENANT_LEVELS = { dev: 'baseline', staging: 'baseline', prod: 'restricted' } as const;
const PSS = 'pod-security.kubernetes.io';
/** The spec's exemptions: Kubernetes system namespaces, Fluent Bit's, CloudWatch's; never a tenant. */
const PLATFORM_EXEMPTIONS = ['kube-system', 'kube-public', 'kube-node-lease', 'logging', 'amazon-cloudwatch'];

function podSecurityLabelsOf(object: KubernetesObject): Record<string, string> {
  return Object.fromEntries(Object.entries(object.metadata?.labels ?? {}).filter(([key]) => key.startsWith(`${PSS}/`)));
}

function cpuMillicores(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

function memoryMi(quantity: string): number {
  const units: Record<string, number> = { Mi: 1, Gi: 1024 };
  return Number(quantity.slice(0, -2)) * units[quantity.slice(-2)];
}

// What the tests take from the template and the configuration is read inside them (lazily):
// read while the file loads, it would be read once, before any mutant is switched on, and stale
// for every mutant of a mutation run (test/support/synth.ts).
const synthesized = synthesize();
const { template } = synthesized;
/** Tenancy's own objects: other concerns put theirs in the tenant namespaces too (lib/ingress, say). */
const ofTenancy = (objects: ReturnType<typeof shippedObjects>) => objects.filter((s) => s.logicalId.startsWith('Tenancy'));
const shipped = lazily(() => ofTenancy(shippedObjects(template)));
/** The cluster version as the Pod Security labels pin it. */
const pinnedVersion = lazily(() => `v${synthesized.config.kubernetesVersion}`);

function find(kind: string, namespace?: string) {
  return shipped().filter((s) => s.object.kind === kind && (namespace === undefined || s.object.metadata?.namespace === namespace));
}

function dependsOn(logicalId: string): string[] {
  return template.toJSON().Resources[logicalId].DependsOn ?? [];
}

/** The policy's map of lowered tenant to level (a CEL map literal, which is JSON). */
function loweredTenants(policy: any): Record<string, string> {
  return JSON.parse(policy.spec.variables.find((v: any) => v.name === 'loweredTenants').expression);
}

function namespaceResource(name: string): string {
  const [namespace] = find('Namespace').filter((s) => s.object.metadata?.name === name);
  return namespace.logicalId;
}

describe.each(Object.entries(TENANT_LEVELS))('tenant namespace %s', (name, enforce) => {
  test(`enforces ${enforce}, audits and warns restricted, every mode pinned to the cluster version`, () => {
    const version = pinnedVersion();
    const namespaces = find('Namespace').filter((s) => s.object.metadata?.name === name);
    expect(namespaces).toHaveLength(1);
    expect(podSecurityLabelsOf(namespaces[0].object)).toEqual({
      [`${PSS}/enforce`]: enforce,
      [`${PSS}/enforce-version`]: version,
      [`${PSS}/audit`]: 'restricted',
      [`${PSS}/audit-version`]: version,
      [`${PSS}/warn`]: 'restricted',
      [`${PSS}/warn-version`]: version,
    });
  });

  test('has a quota of 100 CPU cores and 200Gi memory for requests and limits', () => {
    const quotas = find('ResourceQuota', name);
    expect(quotas).toHaveLength(1);
    expect((quotas[0].object as any).spec.hard).toEqual({
      'requests.cpu': '100',
      'limits.cpu': '100',
      'requests.memory': '200Gi',
      'limits.memory': '200Gi',
    });
  });

  test('gives containers that declare none a default request and limit, which the quota admits', () => {
    const ranges = find('LimitRange', name);
    expect(ranges).toHaveLength(1);
    const [container] = (ranges[0].object as any).spec.limits.filter((l: any) => l.type === 'Container');
    const { default: limit, defaultRequest: request } = container;
    expect(Object.keys(limit).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(request).sort()).toEqual(['cpu', 'memory']);
    expect(cpuMillicores(request.cpu)).toBeLessThanOrEqual(cpuMillicores(limit.cpu));
    expect(memoryMi(request.memory)).toBeLessThanOrEqual(memoryMi(limit.memory));
    expect(cpuMillicores(limit.cpu)).toBeLessThanOrEqual(cpuMillicores('100'));
    expect(memoryMi(limit.memory)).toBeLessThanOrEqual(memoryMi('200Gi'));
  });

  test('the LimitRange is container-defaults with the values the README documents: request 100m / 128Mi, limit 500m / 512Mi', () => {
    const [range] = find('LimitRange', name);
    expect((range.object as any).metadata.name).toBe('container-defaults');
    expect((range.object as any).spec.limits).toEqual([
      { type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' } },
    ]);
  });

  test('denies all ingress and egress by default', () => {
    const denyAll = find('NetworkPolicy', name).filter((s) => {
      const spec = (s.object as any).spec;
      return Object.keys(spec.podSelector).length === 0 && !spec.ingress && !spec.egress;
    });
    expect(denyAll).toHaveLength(1);
    expect((denyAll[0].object as any).spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
  });

  test('allows no traffic but egress to cluster DNS on port 53, UDP and TCP', () => {
    const policies = find('NetworkPolicy', name).map((s) => (s.object as any).spec);
    expect(policies.map((spec) => [...spec.policyTypes].sort())).toEqual(expect.arrayContaining([['Egress']]));
    expect(policies.flatMap((spec) => spec.ingress ?? [])).toEqual([]);
    expect(policies.flatMap((spec) => spec.egress ?? [])).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ]);
  });

  test('its quota and network policies carry their fixed names', () => {
    expect(find('ResourceQuota', name).map((s) => s.object.metadata?.name)).toEqual(['compute']);
    expect(find('NetworkPolicy', name).map((s) => s.object.metadata?.name)).toEqual(['default-deny-all', 'allow-cluster-dns']);
  });

  test('every object in it is applied after the namespace exists', () => {
    const namespaceId = namespaceResource(name);
    const inside = shipped().filter((s) => s.object.metadata?.namespace === name);
    expect(new Set(inside.map((s) => s.object.kind))).toEqual(new Set(['ResourceQuota', 'LimitRange', 'NetworkPolicy']));
    for (const { logicalId } of inside) expect(dependsOn(logicalId)).toContain(namespaceId);
  });
});

describe('cluster-wide restricted default', () => {
  const admission = lazily(() => {
    const policies = find('ValidatingAdmissionPolicy');
    return { policies, bindings: find('ValidatingAdmissionPolicyBinding'), policy: policies[0]?.object as any };
  });

  test('one ValidatingAdmissionPolicy watches namespace creation and update', () => {
    const { policies, policy } = admission();
    expect(policies).toHaveLength(1);
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['namespaces'] },
    ]);
  });

  test('exempts exactly the system, Fluent Bit and CloudWatch namespaces, and no tenant', () => {
    const { policy } = admission();
    const [condition] = policy.spec.matchConditions;
    const list = /^!\(object\.metadata\.name in \[(.*)\]\)$/.exec(condition.expression);
    expect(list).not.toBeNull();
    expect(JSON.parse(`[${list![1]}]`).sort()).toEqual([...PLATFORM_EXEMPTIONS].sort());
  });

  test('pins each tenant the configuration lowers to its level, and no other', () => {
    const { policy } = admission();
    expect(loweredTenants(policy)).toEqual({ dev: 'baseline', staging: 'baseline' });
  });

  test('refuses any namespace whose enforce label is missing or not its required level, saying what to do', () => {
    const { policy } = admission();
    const [variable] = policy.spec.variables;
    // The label is read defensively: a namespace without labels must be refused, not error out.
    expect(variable.expression).toContain(`has(object.metadata.labels) && "${PSS}/enforce" in object.metadata.labels`);
    expect(policy.spec.validations).toEqual([
      expect.objectContaining({ expression: `variables.${variable.name} == variables.required`, reason: 'Forbidden' }),
    ]);
    const [validation] = policy.spec.validations;
    expect(validation.messageExpression).toContain(`label it ${PSS}/enforce=restricted`);
    expect(validation.messageExpression).toContain('tenants.<name>.enforce');
  });

  test('is bound to deny, not merely warn or audit', () => {
    const { bindings, policy } = admission();
    expect(bindings).toHaveLength(1);
    expect((bindings[0].object as any).spec).toEqual({ policyName: policy.metadata.name, validationActions: ['Deny'] });
  });

  test('labels the existing default namespace restricted with a patch that is undone on deletion', () => {
    const { policies } = admission();
    const version = pinnedVersion();
    const [patch] = shippedPatches(template).filter((p) => p.resourceName === 'namespace/default');
    expect(patch.patchType).toBe('merge');
    expect(patch.applyPatch.metadata.labels).toEqual({
      [`${PSS}/enforce`]: 'restricted',
      [`${PSS}/enforce-version`]: version,
      [`${PSS}/audit`]: 'restricted',
      [`${PSS}/audit-version`]: version,
      [`${PSS}/warn`]: 'restricted',
      [`${PSS}/warn-version`]: version,
    });
    expect(patch.restorePatch.metadata.labels).toEqual(
      Object.fromEntries(Object.keys(patch.applyPatch.metadata.labels).map((key) => [key, null])),
    );
    // Deleted after the policy, which would otherwise refuse the un-labelling.
    expect(dependsOn(policies[0].logicalId)).toContain(patch.logicalId);
    // No manifest owns `default`: deleting one would try to delete the namespace.
    expect(find('Namespace').map((s) => s.object.metadata?.name)).not.toContain('default');
  });

  test('is in force before the tenant namespaces are created, so they are admitted by it', () => {
    const { policies } = admission();
    for (const name of Object.keys(TENANT_LEVELS)) expect(dependsOn(namespaceResource(name))).toContain(policies[0].logicalId);
  });
});

describe('network policy enforcement', () => {
  test('installs vpc-cni as a managed add-on with network policy enabled, taking over the bootstrapped one', () => {
    const [clusterId] = resourcesOfType(template, 'AWS::EKS::Cluster')[0];
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'vpc-cni',
      ClusterName: { Ref: clusterId },
      ConfigurationValues: Match.serializedJson({ enableNetworkPolicy: 'true' }),
      ResolveConflicts: 'OVERWRITE',
    });
  });

  test("the CNI's IRSA role says what it is for, has the CNI's AWS-managed policy, acknowledged, saying why", () => {
    const [, addon] = resourcesOfType(template, 'AWS::EKS::Addon').find(([, r]) => r.Properties.AddonName === 'vpc-cni')!;
    const roleId = addon.Properties.ServiceAccountRoleArn['Fn::GetAtt'][0];
    const { Description, ManagedPolicyArns } = template.toJSON().Resources[roleId].Properties;
    expect(Description).toBe('IRSA role of the VPC CNI (aws-node): network interfaces and IP addresses of the nodes');
    expect(ManagedPolicyArns).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonEKS_CNI_Policy']] }]);
    const role = synthesized.stack.node
      .findAll()
      .find((c) => c instanceof CfnResource && synthesized.stack.resolve(c.logicalId) === roleId)!;
    const reasons = role.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.values(entry.data as Record<string, string>));
    expect(reasons).toEqual([
      'The VPC CNI requires AmazonEKS_CNI_Policy, which AWS maintains as the CNI changes; only aws-node can assume this role.',
    ]);
  });

  test('keeps the CNI on the nodes when the add-on resource is deleted or replaced', () => {
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'vpc-cni', PreserveOnDelete: true });
  });

  test('applies every NetworkPolicy after the add-on that enforces it', () => {
    const [addonId] = resourcesOfType(template, 'AWS::EKS::Addon').find(([, r]) => r.Properties.AddonName === 'vpc-cni')!;
    const policyResources = new Set(find('NetworkPolicy').map((s) => s.logicalId));
    expect(policyResources.size).toBeGreaterThan(0);
    for (const logicalId of policyResources) expect(dependsOn(logicalId)).toContain(addonId);
  });
});

describe('tenants from config', () => {
  const custom = synthesize({ tenants: { payments: {}, dev: { enforce: 'restricted' } } });
  const customTenancy = lazily(() => {
    const objects = ofTenancy(shippedObjects(custom.template));
    const policy = objects.find((s) => s.object.kind === 'ValidatingAdmissionPolicy')!.object as any;
    const exempt = JSON.parse(`[${/in \[(.*)\]/.exec(policy.spec.matchConditions[0].expression)![1]}]`);
    return { objects, policy, exempt };
  });

  test('a new tenant is restricted, with the default quota and isolation', () => {
    const { objects, exempt } = customTenancy();
    const [namespace] = objects.filter((s) => s.object.kind === 'Namespace' && s.object.metadata?.name === 'payments');
    expect(namespace.object.metadata?.labels?.[`${PSS}/enforce`]).toBe('restricted');
    const quota = objects.find((s) => s.object.kind === 'ResourceQuota' && s.object.metadata?.namespace === 'payments');
    expect((quota?.object as any).spec.hard).toEqual(expect.objectContaining({ 'limits.cpu': '100', 'limits.memory': '200Gi' }));
    expect(objects.filter((s) => s.object.kind === 'NetworkPolicy' && s.object.metadata?.namespace === 'payments')).toHaveLength(2);
    expect(exempt).not.toContain('payments');
  });

  test('a configured quota reaches the namespace: ledger gets 20 CPU and 64Gi, dev its override, staging keeps the default', () => {
    const configured = synthesize({
      tenants: { ledger: { enforce: 'baseline', cpu: '20', memory: '64Gi' }, dev: { cpu: '8', memory: '16Gi' } },
    });
    const hard = (namespace: string) =>
      (
        shippedObjects(configured.template).find((s) => s.object.kind === 'ResourceQuota' && s.object.metadata?.namespace === namespace)
          ?.object as any
      )?.spec.hard;
    expect(hard('ledger')).toEqual({ 'requests.cpu': '20', 'limits.cpu': '20', 'requests.memory': '64Gi', 'limits.memory': '64Gi' });
    expect(hard('dev')).toEqual({ 'requests.cpu': '8', 'limits.cpu': '8', 'requests.memory': '16Gi', 'limits.memory': '16Gi' });
    expect(hard('staging')).toEqual({ 'requests.cpu': '100', 'limits.cpu': '100', 'requests.memory': '200Gi', 'limits.memory': '200Gi' });
  });

  test('a tenant raised to restricted loses its lowered level; the others keep theirs', () => {
    const { policy } = customTenancy();
    expect(loweredTenants(policy)).toEqual({ staging: 'baseline' });
  });
});
