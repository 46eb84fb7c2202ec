import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Template } from 'aws-cdk-lib/assertions';
import { PeopleAccessEntries } from '../../lib/access/access-entries';
import { PeopleAccess } from '../../lib/access';
import { TenantAccess } from '../../lib/access/people';
import { bareStack } from '../support/synth';
import { resourcesOfType, shippedObjects } from '../support/template';
import { importedCluster } from '../support/imported-cluster';

/** A role of the bare stack's account, 111122223333. */
const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;

/** PeopleAccess on a bare stack: an imported cluster, a stand-in manifest per namespace named in `namespaces`. */
function peopleAccess(tenants: Record<string, TenantAccess>, auditors: string[], namespaces: string[] = Object.keys(tenants)) {
  const stack = bareStack();
  new PeopleAccess(stack, 'People', {
    cluster: importedCluster(stack),
    tenants,
    namespaces: Object.fromEntries(namespaces.map((name) => [name, new ec2.CfnEIP(stack, `Namespace-${name}`)])),
    auditors,
    breakGlassRuleName: 'payments-break-glass-assumed',
    clusterName: 'payments',
    notifications: { notifyOn: () => undefined },
  });
  return Template.fromStack(stack);
}

const objectsOf = (template: Template) => shippedObjects(template).map((s) => s.object as any);

describe('people access entries', () => {
  function entries(tenants: Record<string, TenantAccess>, auditors: string[]) {
    const stack = bareStack();
    const construct = new PeopleAccessEntries(stack, 'Entries', { cluster: importedCluster(stack), tenants, auditors });
    return { construct, entries: resourcesOfType(Template.fromStack(stack), 'AWS::EKS::AccessEntry') };
  }

  test("a role's groups are sorted, whatever the order of the tenants and the auditors", () => {
    const onCall = role('OnCall');
    const { entries: found } = entries(
      { prod: { enforce: 'restricted', developers: [onCall] }, dev: { enforce: 'baseline', viewers: [onCall] } },
      [onCall],
    );
    expect(found.map(([, r]) => r.Properties.KubernetesGroups)).toEqual([
      ['platform:auditor', 'tenant:dev:viewer', 'tenant:prod:developer'],
    ]);
  });

  test('a role listed twice for the same kind gets its group once', () => {
    const dev = role('DevDevelopers');
    const { construct, entries: found } = entries({ dev: { enforce: 'baseline', developers: [dev, dev] } }, [role('A'), role('A')]);
    expect(found.map(([, r]) => [r.Properties.PrincipalArn, r.Properties.KubernetesGroups])).toEqual([
      [dev, ['tenant:dev:developer']],
      [role('A'), ['platform:auditor']],
    ]);
    expect([...construct.groups]).toEqual([
      [dev, ['tenant:dev:developer']],
      [role('A'), ['platform:auditor']],
    ]);
  });

  test("an entry's logical id is named by its role ARN alone, so reordering the configuration replaces no entry", () => {
    const { entries: found } = entries({ dev: { enforce: 'baseline', viewers: [role('OnCall')] } }, []);
    // Entry + the first 12 hex digits of sha256("arn:aws:iam::111122223333:role/OnCall") + CDK's hash of the path.
    expect(found.map(([id]) => id)).toEqual([expect.stringMatching(/^EntriesEntry9f8ea279d26e[0-9A-F]{8}$/)]);
  });
});

describe('people RBAC: added when a person is configured', () => {
  test('auditors alone get the people ClusterRoles and their ClusterRoleBinding', () => {
    const objects = objectsOf(peopleAccess({ staging: { enforce: 'baseline' } }, [role('Auditors')]));
    expect(objects.filter((o) => o.kind === 'ClusterRoleBinding').map((o) => o.metadata.name)).toEqual(['platform:auditor']);
    expect(objects.filter((o) => o.kind === 'RoleBinding')).toEqual([]);
  });

  test('one tenant role alone gets the ClusterRoles and its RoleBinding, and no auditor binding', () => {
    const objects = objectsOf(
      peopleAccess({ staging: { enforce: 'baseline' }, dev: { enforce: 'baseline', viewers: [role('DevViewers')] } }, []),
    );
    expect(objects.filter((o) => o.kind === 'ClusterRole').map((o) => o.metadata.name)).toContain('platform:tenant-viewer');
    expect(objects.filter((o) => o.kind === 'ClusterRoleBinding')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'RoleBinding').map((o) => [o.metadata.namespace, o.metadata.name])).toEqual([
      ['dev', 'tenant-viewers'],
    ]);
  });

  test('tenants without people and no auditor add no RBAC', () => {
    expect(objectsOf(peopleAccess({ dev: { enforce: 'baseline' }, prod: { enforce: 'restricted', developers: [] } }, []))).toEqual([]);
  });
});

describe('people RBAC: the ClusterRoles and RoleBindings', () => {
  const INTO_PODS = ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'services/proxy'];
  const intoPods = (template: Template, name: string) =>
    objectsOf(template)
      .filter((o) => o.kind === 'ClusterRole' && o.metadata.name === name)
      .flatMap((o) => o.rules.flatMap((rule: any) => rule.resources.filter((r: string) => INTO_PODS.includes(r))));

  test("only the baseline developer reaches into pods; the restricted tenant's developer does not", () => {
    const template = peopleAccess({ dev: { enforce: 'baseline', developers: [role('DevDevelopers')] } }, []);
    expect(intoPods(template, 'platform:tenant-developer')).toEqual([
      'pods/attach',
      'pods/exec',
      'pods/portforward',
      'pods/proxy',
      'services/proxy',
    ]);
    expect(intoPods(template, 'platform:tenant-developer-restricted')).toEqual([]);
  });

  test('a tenant without people needs no namespace', () => {
    const template = peopleAccess(
      { dev: { enforce: 'baseline', viewers: [role('DevViewers')] }, staging: { enforce: 'baseline' } },
      [],
      ['dev'],
    );
    expect(
      objectsOf(template)
        .filter((o) => o.kind === 'RoleBinding')
        .map((o) => o.metadata.namespace),
    ).toEqual(['dev']);
  });

  test('a tenant with people but no namespace is refused', () => {
    expect(() => peopleAccess({ dev: { enforce: 'baseline', viewers: [role('DevViewers')] } }, [], [])).toThrow(
      'tenant "dev" has RoleBindings but no namespace was created for it',
    );
  });
});
