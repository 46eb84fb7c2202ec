import { createValidatedPolicy, validateIdentityPolicy, validateResourcePolicy } from '@cloud-copilot/iam-policy';
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { AccessModel, NamedPolicy } from './access-model';
import { awsManagedPolicy } from './aws-managed-policies';

/** One concrete request, as AWS receives it. */
export interface ConcreteRequest {
  /**
   * A role session ARN (`arn:aws:sts::<account>:assumed-role/<role>/<session>`), a service principal,
   * or an OIDC provider ARN (web identity).
   */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The request context AWS builds for this call. */
  readonly context: Readonly<Record<string, string | string[]>>;
  /**
   * Identity policies of a principal outside the template (the CDK deployment role), as ARNs of
   * AWS managed policies. Principals of the template get theirs from the template.
   */
  readonly externalIdentityPolicies?: readonly string[];
  /**
   * Identity policies of a principal outside the template, as documents: a role this repository
   * documents but does not deploy (the pull-request workflow's).
   */
  readonly identityPolicies?: readonly NamedPolicy[];
  /** The policy of a resource outside the template (a CDK bootstrap role's trust policy). */
  readonly resourcePolicy?: NamedPolicy;
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface Evaluation {
  readonly decision: Decision;
  /** The policies that took part, for failure messages. */
  readonly policies: string[];
}

/**
 * Context keys AWS sends that the engine's catalogue (iam-data) cannot name, so its validating
 * entry point drops them before evaluating:
 * - `kms:EncryptionContext:<key>`: the catalogue has `kms:EncryptionContext:${EncryptionContextKey}`,
 *   but the engine only matches variable keys whose variable follows a `/`;
 * - `<issuer>:sub`, `<issuer>:aud`: the claims of a web identity token from the cluster's OIDC
 *   provider; the catalogue lists only well-known providers (Google, Cognito, GitHub, ...).
 * Requests with such keys are validated by `runSimulation` first (policies, action, resource
 * type, every other key) and then decided by the same engine's `runUnsafeSimulation`, which
 * evaluates the context as given. Any other dropped key is an error in the request.
 */
function engineCatalogueGap(key: string, request: ConcreteRequest): boolean {
  if (/^kms:EncryptionContext:.+/i.test(key) && request.action.toLowerCase().startsWith('kms:')) return true;
  const issuer = /:oidc-provider\/(.+)$/.exec(request.principal)?.[1];
  return request.action === 'sts:AssumeRoleWithWebIdentity' && issuer !== undefined && (key === `${issuer}:sub` || key === `${issuer}:aud`);
}

function identityPoliciesOf(model: AccessModel, request: ConcreteRequest): NamedPolicy[] {
  if (request.identityPolicies) return [...request.identityPolicies];
  if (request.externalIdentityPolicies) {
    return request.externalIdentityPolicies.map((arn) => ({ name: arn, policy: awsManagedPolicy(arn).document }));
  }
  const isRole = /^arn:[\w-]+:(sts::\d{12}:assumed-role|iam::\d{12}:role)\//.test(request.principal);
  if (!isRole) return []; // service principals and web identities carry no identity policies
  if (!request.principal.includes(`::${model.env.account}:`)) return []; // another account's role: its policies are not ours to know
  return model.role(request.principal).identityPolicies;
}

function accountOf(model: AccessModel, resourceArn: string): string {
  return /^arn:[\w-]+:[\w-]+:[\w-]*:(\d{12}):/.exec(resourceArn)?.[1] ?? model.env.account;
}

/** Evaluates a request against every policy of the template that applies to it, with iam-simulate. */
export async function evaluate(model: AccessModel, request: ConcreteRequest): Promise<Evaluation> {
  const identityPolicies = identityPoliciesOf(model, request);
  const resourcePolicy = request.resourcePolicy ?? model.resourcePolicyFor(request.action, request.resource);
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: accountOf(model, request.resource) },
      contextVariables: { ...request.context },
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy?.policy,
  };
  const policies = [...identityPolicies.map((p) => p.name), ...(resourcePolicy ? [resourcePolicy.name] : [])];
  const checked = await runSimulation(simulation, {});
  if (checked.resultType === 'error') {
    throw new Error(
      `iam-simulate refused ${request.action} on ${request.resource}: ${JSON.stringify(checked.errors)} (policies: ${policies.join(', ')})`,
    );
  }
  // Actions with no resource-level permissions (or an optional one, like PutMetricData's
  // dataset) are requested on `*`; the engine answers those per resource type.
  if (checked.resultType === 'wildcard' && request.resource !== '*')
    throw new Error(`${request.resource}: name one resource, not a pattern`);
  const dropped = [
    ...new Set(
      checked.resultType === 'single'
        ? (checked.result.ignoredContextKeys ?? [])
        : checked.results.flatMap((r) => r.ignoredContextKeys ?? []),
    ),
  ];
  const unexpected = dropped.filter((key) => !engineCatalogueGap(key, request));
  if (unexpected.length > 0) {
    throw new Error(`${request.action} never carries ${unexpected.join(', ')}: the request's context is wrong`);
  }
  if (dropped.length === 0) return { decision: checked.overallResult, policies };
  const decision = runUnsafeSimulation(
    {
      ...simulation,
      // The unsafe entry point names policies only through validated ones.
      identityPolicies: identityPolicies.map((p) => ({
        name: p.name,
        policy: createValidatedPolicy(p.policy, validateIdentityPolicy, { name: p.name }),
      })),
      resourcePolicy: resourcePolicy
        ? createValidatedPolicy(resourcePolicy.policy, validateResourcePolicy, { name: resourcePolicy.name })
        : undefined,
    },
    {},
  );
  return { decision, policies };
}
