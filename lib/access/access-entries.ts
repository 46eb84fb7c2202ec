import { createHash } from 'node:crypto';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { AUDITOR_GROUP, rolesOf, TENANT_ROLE_KINDS, TenantPeople, tenantGroup } from './people';

export interface PeopleAccessEntriesProps {
  /** The cluster (authentication mode API) the entries admit people to. */
  readonly cluster: eks.ICluster;
  /** Namespace name to the roles of its people. */
  readonly tenants: Readonly<Record<string, TenantPeople>>;
  /** Roles that read the whole cluster except Secrets. */
  readonly auditors: readonly string[];
  /**
   * The emergency role: cluster-admin through its own entry, and an alarm whenever it is assumed.
   * @default none: no break-glass entry
   */
  readonly breakGlassRoleArn?: string;
}

/**
 * The EKS access entries of the platform's people. A tenant's or an auditor's role gets a
 * STANDARD entry that only names Kubernetes groups, with no EKS access policy: the cluster's RBAC
 * (TenantRbac) decides what the groups may do, so the real API server can prove it. EKS allows
 * one entry per principal, so a role named in several places gets one entry with all its groups.
 */
export class PeopleAccessEntries extends Construct {
  /** Role ARN to the Kubernetes groups of its entry. */
  readonly groups: ReadonlyMap<string, readonly string[]>;

  constructor(scope: Construct, id: string, props: PeopleAccessEntriesProps) {
    super(scope, id);

    const groups = new Map<string, string[]>();
    const add = (roleArn: string, group: string) => {
      const list = groups.get(roleArn) ?? [];
      if (!list.includes(group)) list.push(group);
      groups.set(roleArn, list);
    };
    for (const [namespace, people] of Object.entries(props.tenants)) {
      for (const kind of TENANT_ROLE_KINDS) for (const role of rolesOf(people, kind)) add(role, tenantGroup(namespace, kind));
    }
    for (const role of props.auditors) add(role, AUDITOR_GROUP);
    this.groups = groups;

    for (const [roleArn, kubernetesGroups] of groups) {
      // Named by the ARN, so reordering the configuration replaces no entry.
      new eks.CfnAccessEntry(this, `Entry${createHash('sha256').update(roleArn).digest('hex').slice(0, 12)}`, {
        clusterName: props.cluster.clusterName,
        principalArn: roleArn,
        type: 'STANDARD',
        kubernetesGroups: [...kubernetesGroups].sort(),
      });
    }

    if (props.breakGlassRoleArn) {
      new eks.AccessEntry(this, 'BreakGlass', {
        cluster: props.cluster,
        principal: props.breakGlassRoleArn,
        accessPolicies: [
          eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', { accessScopeType: eks.AccessScopeType.CLUSTER }),
        ],
      });
    }
  }
}
