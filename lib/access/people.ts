import type { TenantPodSecurityLevel } from '../shared/pod-security-labels';

/** The IAM roles of a tenant's people; each reaches only the tenant's namespace, through Kubernetes RBAC. */
export interface TenantPeople {
  /**
   * Roles of the team that builds the tenant's workloads: the built-in `edit` without Secrets
   * (and, where the namespace enforces `restricted`, without exec, attach, port-forward and proxy).
   * @default none
   */
  readonly developers?: readonly string[];
  /**
   * Roles that read the tenant's workloads and change nothing; no Secrets.
   * @default none
   */
  readonly viewers?: readonly string[];
  /**
   * The role of the tenant's deployment pipeline: manages workloads in the namespace, no RBAC, no Secrets, no exec.
   * @default none
   */
  readonly deployer?: string;
}

/** A tenant as the access constructs see it: who its people are and which Pod Security level it enforces. */
export interface TenantAccess extends TenantPeople {
  /** `restricted` marks a production-level tenant: its developers cannot exec, attach, port-forward or proxy into pods. */
  readonly enforce: TenantPodSecurityLevel;
}

export const TENANT_ROLE_KINDS = ['developer', 'viewer', 'deployer'] as const;
export type TenantRoleKind = (typeof TENANT_ROLE_KINDS)[number];

/** The Kubernetes group an access entry puts a tenant's role in; only a RoleBinding in the namespace grants it anything. */
export function tenantGroup(namespace: string, kind: TenantRoleKind): string {
  return `tenant:${namespace}:${kind}`;
}

/** The Kubernetes group of the cluster-wide auditors. */
export const AUDITOR_GROUP = 'platform:auditor';

/** The roles (IAM ARNs) of one kind of a tenant. */
export function rolesOf(people: TenantPeople, kind: TenantRoleKind): readonly string[] {
  switch (kind) {
    case 'developer':
      return people.developers ?? [];
    case 'viewer':
      return people.viewers ?? [];
    case 'deployer':
      return people.deployer ? [people.deployer] : [];
  }
}

/** Whether any person's role is configured: without one, the access constructs add nothing to the template. */
export function anyPeople(tenants: Readonly<Record<string, TenantPeople>>, auditors: readonly string[]): boolean {
  return auditors.length > 0 || Object.values(tenants).some((t) => TENANT_ROLE_KINDS.some((kind) => rolesOf(t, kind).length > 0));
}
