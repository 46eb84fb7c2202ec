import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Construct } from 'constructs';
import { ENFORCE_LABEL, podSecurityLabels, TenantPodSecurityLevel } from '../shared/pod-security-labels';

export interface ClusterPodSecurityPolicyProps {
  /** The cluster the admission policy, its binding and the `default` namespace's labels are applied to. */
  readonly cluster: eks.ICluster;
  /** The platform's own namespaces, admitted at any level; every other namespace is refused unless it enforces its level. */
  readonly exemptNamespaces: readonly string[];
  /** Every tenant namespace and the level it enforces: a tenant is admitted at that level only (`restricted` for the others). */
  readonly tenants: Readonly<Record<string, TenantPodSecurityLevel>>;
  /** Minor version the labels of the `default` namespace are pinned to, e.g. `"1.36"`. */
  readonly kubernetesVersion: string;
}

export const POLICY_NAME = 'namespaces-enforce-restricted';

/**
 * The Kubernetes user EKS installs and updates managed add-ons as (it appears as such in the
 * authenticator and audit logs). An access entry cannot take a username starting with `eks:`,
 * so no IAM principal can pose as it.
 */
export const EKS_ADDON_MANAGER = 'eks:addon-manager';

/**
 * `restricted` as the cluster-wide baseline (R8, S1). EKS does not expose the API server's
 * admission configuration, where a default level would normally go, so the default is enforced
 * one level up: a ValidatingAdmissionPolicy refuses to create or update any namespace whose
 * Pod Security `enforce` label is missing or anything but `restricted`, unless its name is on
 * the exemption list of the platform's own namespaces. A tenant the configuration lowers (to
 * `baseline`) is admitted at exactly that level: whoever may update a namespace can neither
 * relabel it `privileged` nor make it any other level than the pipeline set. Pod Security
 * admission then applies the label's level to every pod.
 *
 * Namespaces that EKS's add-on manager creates (GuardDuty runtime monitoring's
 * `amazon-guardduty`, and whatever add-on comes next) are admitted: their pods need what the
 * add-on needs, AWS owns them, and a refusal would leave the add-on DEGRADED. The exception
 * covers the add-on manager's creation of a namespace, and its later re-applying of a namespace
 * that is no tenant's without changing its level (an add-on update applies its objects again);
 * it never changes a level, and never touches a tenant. Any other writer is held to the rule.
 *
 * The lists are written into the CEL expressions rather than read from a parameter object: a
 * ConfigMap anyone with write access to its namespace could edit would widen the exemptions
 * outside the pipeline, and a deleted one would make the policy fail closed on every namespace
 * write. Changing them is a config change and a deploy, as it should be.
 */
export class ClusterPodSecurityPolicy extends Construct {
  /** The policy and its binding; namespaces the platform creates are applied after it. */
  readonly policyManifest: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: ClusterPodSecurityPolicyProps) {
    super(scope, id);

    // `default` exists before the stack does: `kubectl create` would fail on it and a deleted
    // manifest would try to delete it, so its labels are patched on and patched off again.
    const defaultLabels = podSecurityLabels('restricted', props.kubernetesVersion);
    const defaultNamespace = new eks.KubernetesPatch(this, 'DefaultNamespaceLabels', {
      cluster: props.cluster,
      resourceName: 'namespace/default',
      patchType: eks.PatchType.MERGE,
      applyPatch: new Namespace({ metadata: { labels: defaultLabels } }).toJSON() as Record<string, unknown>,
      restorePatch: { metadata: { labels: Object.fromEntries(Object.keys(defaultLabels).map((key) => [key, null])) } },
    });

    const policy = namespacePolicy(props.exemptNamespaces, props.tenants);
    const binding = new ValidatingAdmissionPolicyBinding({
      metadata: { name: POLICY_NAME },
      spec: { policyName: POLICY_NAME, validationActions: ['Deny'] },
    });
    this.policyManifest = new eks.KubernetesManifest(this, 'AdmissionPolicy', {
      cluster: props.cluster,
      manifest: [policy.toJSON() as Record<string, unknown>, binding.toJSON() as Record<string, unknown>],
    });
    // On deletion the binding goes first; otherwise the policy would refuse the patch that
    // removes the `restricted` label from `default`.
    this.policyManifest.node.addDependency(defaultNamespace);
  }
}

function celString(text: string): string {
  return JSON.stringify(text);
}

function celList(items: readonly string[]): string {
  return `[${[...new Set(items)].sort().map(celString).join(', ')}]`;
}

/** The `enforce` label of `object` or `oldObject`, `""` when unset: a namespace without labels is refused, not an error. */
function enforceOf(object: 'object' | 'oldObject'): string {
  const label = celString(ENFORCE_LABEL);
  return `has(${object}.metadata.labels) && ${label} in ${object}.metadata.labels ? ${object}.metadata.labels[${label}] : ""`;
}

function namespacePolicy(
  exemptNamespaces: readonly string[],
  tenants: Readonly<Record<string, TenantPodSecurityLevel>>,
): ValidatingAdmissionPolicy {
  const lowered = Object.entries(tenants)
    .filter(([, level]) => level !== 'restricted')
    .sort(([a], [b]) => a.localeCompare(b));
  const levels = `{${lowered.map(([name, level]) => `${celString(name)}: ${celString(level)}`).join(', ')}}`;
  const addonManager = celString(EKS_ADDON_MANAGER);
  return new ValidatingAdmissionPolicy({
    metadata: { name: POLICY_NAME },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['namespaces'] }],
      },
      matchConditions: [
        {
          name: 'not-exempt',
          expression: `!(object.metadata.name in ${celList(exemptNamespaces)})`,
        },
        {
          name: 'not-an-eks-addon-manager-create-or-level-keeping-update',
          expression:
            `!(request.userInfo.username == ${addonManager} && (request.operation == "CREATE" || ` +
            `(!(object.metadata.name in ${celList(Object.keys(tenants))}) && (${enforceOf('oldObject')}) == (${enforceOf('object')}))))`,
        },
      ],
      variables: [
        { name: 'enforce', expression: enforceOf('object') },
        { name: 'loweredTenants', expression: levels },
        {
          name: 'required',
          expression: 'object.metadata.name in variables.loweredTenants ? variables.loweredTenants[object.metadata.name] : "restricted"',
        },
      ],
      validations: [
        {
          expression: 'variables.enforce == variables.required',
          reason: 'Forbidden',
          message: `every namespace must carry the label ${ENFORCE_LABEL}=restricted, a lowered tenant its configured level`,
          messageExpression:
            `"namespace " + object.metadata.name + " has ${ENFORCE_LABEL}=" + ` +
            `(variables.enforce == "" ? "(unset)" : variables.enforce) + ` +
            `(variables.required == "restricted" ? ` +
            `"; every namespace must enforce restricted: label it ${ENFORCE_LABEL}=restricted, ` +
            `or declare it as a tenant with its own level in the platform config (tenants.<name>.enforce)" : ` +
            `"; the platform config sets this tenant to " + variables.required + ": label it ${ENFORCE_LABEL}=" + ` +
            `variables.required + ", or change tenants." + object.metadata.name + ".enforce in the config and deploy")`,
        },
      ],
    },
  });
}
