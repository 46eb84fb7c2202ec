import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { Construct, IDependable } from 'constructs';
import { AUDITOR_GROUP, rolesOf, TENANT_ROLE_KINDS, TenantAccess, tenantGroup, TenantRoleKind } from './people';
import { auditorRules, deployerRules, developerRules, NAMESPACE_READ_RULES } from './rbac-rules';

/** The ClusterRoles the tenants' RoleBindings and the auditors' ClusterRoleBinding grant. */
export const PEOPLE_CLUSTER_ROLES = {
  developer: 'platform:tenant-developer',
  /** For tenants that enforce `restricted`: nothing into a running container. */
  restrictedDeveloper: 'platform:tenant-developer-restricted',
  viewer: 'platform:tenant-viewer',
  deployer: 'platform:tenant-deployer',
  auditor: 'platform:auditor',
} as const;

export interface TenantRbacProps {
  /** The cluster the roles and bindings are applied to. */
  readonly cluster: eks.ICluster;
  /** Namespace name to its people and Pod Security level. */
  readonly tenants: Readonly<Record<string, TenantAccess>>;
  /** Namespace name to the manifest that creates it: a RoleBinding is applied once its namespace exists. */
  readonly namespaces: Readonly<Record<string, IDependable>>;
  /** Whether any auditor role is configured: only then is the auditors' group bound. */
  readonly auditors: boolean;
}

/**
 * Kubernetes RBAC for the platform's people: four ClusterRoles (the developer in two variants),
 * one RoleBinding per tenant and kind of role that has people, and one ClusterRoleBinding, the
 * auditors'. No binding grants a tenant group anything outside its namespace.
 */
export class TenantRbac extends Construct {
  constructor(scope: Construct, id: string, props: TenantRbacProps) {
    super(scope, id);

    const clusterRole = (name: string, rules: ReturnType<typeof auditorRules>) =>
      new ClusterRole({ metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'fintech-eks-platform' } }, rules }).toJSON() as Record<
        string,
        unknown
      >;
    const roles = [
      clusterRole(PEOPLE_CLUSTER_ROLES.developer, developerRules(true)),
      clusterRole(PEOPLE_CLUSTER_ROLES.restrictedDeveloper, developerRules(false)),
      clusterRole(PEOPLE_CLUSTER_ROLES.viewer, NAMESPACE_READ_RULES),
      clusterRole(PEOPLE_CLUSTER_ROLES.deployer, deployerRules()),
      clusterRole(PEOPLE_CLUSTER_ROLES.auditor, auditorRules()),
    ];
    const auditorBinding = props.auditors
      ? [
          new ClusterRoleBinding({
            metadata: { name: PEOPLE_CLUSTER_ROLES.auditor },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: PEOPLE_CLUSTER_ROLES.auditor },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: AUDITOR_GROUP }],
          }).toJSON() as Record<string, unknown>,
        ]
      : [];
    const clusterRoles = new eks.KubernetesManifest(this, 'ClusterRoles', {
      cluster: props.cluster,
      manifest: [...roles, ...auditorBinding],
    });

    for (const [namespace, tenant] of Object.entries(props.tenants)) {
      const bindings = TENANT_ROLE_KINDS.filter((kind) => rolesOf(tenant, kind).length > 0).map(
        (kind) =>
          new RoleBinding({
            metadata: { name: `tenant-${kind}s`, namespace },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoleOf(kind, tenant) },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: tenantGroup(namespace, kind) }],
          }).toJSON() as Record<string, unknown>,
      );
      if (bindings.length === 0) continue;
      const namespaceResource = props.namespaces[namespace];
      if (!namespaceResource) throw new Error(`tenant "${namespace}" has RoleBindings but no namespace was created for it`);
      const manifest = new eks.KubernetesManifest(this, `Bindings-${namespace}`, { cluster: props.cluster, manifest: bindings });
      manifest.node.addDependency(namespaceResource, clusterRoles);
    }
  }
}

/** The ClusterRole a tenant's RoleBinding of this kind grants in its namespace. */
export function clusterRoleOf(kind: TenantRoleKind, tenant: Pick<TenantAccess, 'enforce'>): string {
  if (kind === 'developer')
    return tenant.enforce === 'restricted' ? PEOPLE_CLUSTER_ROLES.restrictedDeveloper : PEOPLE_CLUSTER_ROLES.developer;
  return PEOPLE_CLUSTER_ROLES[kind];
}
