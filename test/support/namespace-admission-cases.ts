import type { KubernetesObject } from './kubernetes';

/**
 * What the admission policy `namespaces-enforce-restricted` admits and refuses, and with which
 * message: the cases the control-plane suite sends to the real API server
 * (test/control-plane/admission-policy.checks.ts) and the unit tests of lib/tenancy send to the
 * offline evaluator (test/support/admission-policy-check.ts), so the API server proves the
 * evaluator agrees with it on every case.
 */
export interface NamespaceAdmissionCase {
  readonly title: string;
  /**
   * How the control-plane suite sends it: `create` (a dry-run create), `apply` (a dry-run
   * server-side apply of `object` onto the namespace as it exists), `remove-enforce-label` (a
   * dry-run merge patch removing the label from it).
   */
  readonly send: 'create' | 'apply' | 'remove-enforce-label';
  /** The request as the policy sees it: for an update, `oldObject` is the namespace as it exists. */
  readonly operation: 'CREATE' | 'UPDATE';
  readonly object: KubernetesObject;
  readonly oldObject?: KubernetesObject;
  /** Impersonated; undefined for the suite's admin user. */
  readonly user?: string;
  /** The API server's whole refusal message; undefined when the namespace is admitted. */
  readonly refusal?: string;
}

export const ENFORCE = 'pod-security.kubernetes.io/enforce';
/** The policy's name, as a refusal shows it (a literal: the messages are what a developer reads). */
const POLICY_NAME = 'namespaces-enforce-restricted';

export function namespace(name: string, enforce?: string): KubernetesObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(enforce ? { labels: { [ENFORCE]: enforce } } : {}) } };
}

/** The refusal a developer sees (README, "What a developer sees when something is refused"). */
export function policyRefusal(name: string, shown: string): string {
  return (
    `namespaces "${name}" is forbidden: ValidatingAdmissionPolicy '${POLICY_NAME}' with binding '${POLICY_NAME}' denied request: ` +
    `namespace ${name} has ${ENFORCE}=${shown}; every namespace must enforce restricted: label it ${ENFORCE}=restricted, ` +
    'or declare it as a tenant with its own level in the platform config (tenants.<name>.enforce)'
  );
}

/** The refusal of a tenant the configuration lowers, relabelled to anything but its level. */
export function tenantRefusal(name: string, shown: string, level: string): string {
  return (
    `namespaces "${name}" is forbidden: ValidatingAdmissionPolicy '${POLICY_NAME}' with binding '${POLICY_NAME}' denied request: ` +
    `namespace ${name} has ${ENFORCE}=${shown}; the platform config sets this tenant to ${level}: label it ${ENFORCE}=${level}, ` +
    `or change tenants.${name}.enforce in the config and deploy`
  );
}

/** The EKS add-on manager, a look-alike of it, and a developer: only the first is excepted. */
export const NAMESPACE_WRITERS = ['eks:addon-manager', 'eks:addon-manager-otel', 'a-developer'];

/** The namespace the add-on manager creates for real in the control-plane suite, then applies again. */
export const ADDON_NAMESPACE = 'amazon-addon-example';

/** The platform's namespaces the suite writes unlabelled: admitted. */
export const EXEMPT_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'amazon-cloudwatch'];

export interface NamespaceAdmissionCases {
  /** Sent by the suite's admin user. */
  readonly byAdmin: NamespaceAdmissionCase[];
  /** Sent as NAMESPACE_WRITERS, which need RBAC to write namespaces first. */
  readonly byWriters: NamespaceAdmissionCase[];
  /** Sent once the add-on manager has created ADDON_NAMESPACE unlabelled. */
  readonly onAddonNamespace: NamespaceAdmissionCase[];
}

/** The cases for a configuration's tenants (name to the level it enforces); `prod` must be a restricted one. */
export function namespaceAdmissionCases(tenants: Readonly<Record<string, string>>): NamespaceAdmissionCases {
  const lowered = Object.entries(tenants).filter(([, level]) => level !== 'restricted');
  const update = (name: string, from: string | undefined, to: string | undefined) => ({
    operation: 'UPDATE' as const,
    object: namespace(name, to),
    oldObject: namespace(name, from),
  });

  const byAdmin: NamespaceAdmissionCase[] = [];
  for (const [labelled, enforce, shown] of [
    ['without the enforce label', undefined, '(unset)'],
    ['enforcing baseline', 'baseline', 'baseline'],
    ['enforcing privileged', 'privileged', 'privileged'],
  ] as const) {
    byAdmin.push({
      title: `refuses a new namespace ${labelled}, with the policy's message`,
      send: 'create',
      operation: 'CREATE',
      object: namespace('payments-sandbox', enforce),
      refusal: policyRefusal('payments-sandbox', shown),
    });
  }
  byAdmin.push({
    title: 'admits a new namespace enforcing restricted',
    send: 'create',
    operation: 'CREATE',
    object: namespace('payments-sandbox', 'restricted'),
  });
  byAdmin.push({
    title: 'refuses lowering an existing restricted tenant (prod) to baseline',
    send: 'apply',
    ...update('prod', 'restricted', 'baseline'),
    refusal: policyRefusal('prod', 'baseline'),
  });
  for (const [name, level] of lowered) {
    byAdmin.push({
      title: `admits the tenant ${name}, which the configuration lowers to ${level}`,
      send: 'apply',
      ...update(name, level, level),
    });
    for (const [other, shown] of [
      ['privileged', 'privileged'],
      ['restricted', 'restricted'],
      [undefined, '(unset)'],
    ] as const) {
      if (other === level) continue;
      byAdmin.push({
        title: `refuses relabelling the tenant ${name} ${other ?? 'without a level'}: it is admitted at ${level} only`,
        send: other ? 'apply' : 'remove-enforce-label',
        ...update(name, level, other),
        refusal: tenantRefusal(name, shown, level),
      });
    }
  }

  const byWriters: NamespaceAdmissionCase[] = [
    {
      title: 'admits an unlabelled amazon-guardduty namespace created by eks:addon-manager',
      send: 'create',
      operation: 'CREATE',
      object: namespace('amazon-guardduty'),
      user: 'eks:addon-manager',
    },
  ];
  for (const user of ['eks:addon-manager-otel', 'a-developer']) {
    byWriters.push({
      title: `refuses the same namespace created by ${user}, with the policy's message`,
      send: 'create',
      operation: 'CREATE',
      object: namespace('amazon-guardduty'),
      user,
      refusal: policyRefusal('amazon-guardduty', '(unset)'),
    });
  }
  // The exception is the add-on manager creating its namespace, not the add-on manager changing one.
  for (const [name, level] of lowered) {
    byWriters.push({
      title: `refuses eks:addon-manager relabelling the tenant ${name} privileged`,
      send: 'apply',
      ...update(name, level, 'privileged'),
      user: 'eks:addon-manager',
      refusal: tenantRefusal(name, 'privileged', level),
    });
  }
  byWriters.push({
    title: 'refuses eks:addon-manager lowering the restricted tenant prod to baseline',
    send: 'apply',
    ...update('prod', 'restricted', 'baseline'),
    user: 'eks:addon-manager',
    refusal: policyRefusal('prod', 'baseline'),
  });

  const onAddonNamespace: NamespaceAdmissionCase[] = [
    {
      title: 'admits it re-applied at the level it has (an add-on update applies its objects again)',
      send: 'apply',
      operation: 'UPDATE',
      object: { ...namespace(ADDON_NAMESPACE), metadata: { name: ADDON_NAMESPACE, annotations: { 'example.com/addon-version': 'v2' } } },
      oldObject: namespace(ADDON_NAMESPACE),
      user: 'eks:addon-manager',
    },
    {
      title: 'refuses it relabelled privileged by eks:addon-manager: a new level is held to the rule',
      send: 'apply',
      ...update(ADDON_NAMESPACE, undefined, 'privileged'),
      user: 'eks:addon-manager',
      refusal: policyRefusal(ADDON_NAMESPACE, 'privileged'),
    },
  ];
  return { byAdmin, byWriters, onAddonNamespace };
}
