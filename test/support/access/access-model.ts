import { awsManagedPolicy, isAwsManagedPolicyArn } from './aws-managed-policies';
import { SampleEnvironment, TemplateResolver } from './template-resolver';

/** A policy document with the name the evaluator reports it by. */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: any;
}

/** An IAM role of the template, as deployed: its trust policy and every identity policy it gets. */
export interface LoadedRole {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly trustPolicy: any;
  readonly identityPolicies: NamedPolicy[];
}

/** The annotation by which a ServiceAccount names its IAM role (IRSA). */
const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

type CfnTemplate = { Resources?: Record<string, { Type: string; Properties?: any }> };

/**
 * Resource types whose resource policy the model reads. Any other policy-bearing type in the
 * template stops the load: a resource policy nobody evaluates would make a request look denied
 * (or allowed) when it is not.
 */
const UNSUPPORTED_POLICY_TYPES = [
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::UserToGroupAddition',
  'AWS::Lambda::Permission',
  'AWS::Logs::ResourcePolicy',
  'AWS::SecretsManager::ResourcePolicy',
  'AWS::ECR::Repository',
  'AWS::ECR::RegistryPolicy',
  'AWS::Events::EventBusPolicy',
];

/**
 * A Pod Identity association is loaded only as the requests model it: the pod's session on the
 * association's role, with the session tags EKS sets. A session policy, a target role (role
 * chaining) or disabled session tags would change what the pod may do, and stop the load.
 */
function checkPodIdentityAssociation(logicalId: string, properties: Record<string, unknown> = {}): void {
  const unmodelled = ['Policy', 'TargetRoleArn'].filter((key) => properties[key] !== undefined);
  if (properties.DisableSessionTags === true || properties.DisableSessionTags === 'true') unmodelled.push('DisableSessionTags');
  if (unmodelled.length > 0) {
    throw new Error(`${logicalId} is a Pod Identity association with ${unmodelled.join(', ')}, which the access model does not load yet`);
  }
}

/**
 * Everything that decides an access request in a synthesized template, with every intrinsic
 * resolved for one sample account: the roles (trust policy; inline, customer-managed and
 * AWS-managed identity policies), the resource policies (KMS key policies, SNS topic policies,
 * S3 bucket policies, SQS queue policies) and the wiring that says which role each component
 * runs as (a service account's annotation, an add-on's role, a flow log's role, ...).
 */
export class AccessModel {
  readonly resolver: TemplateResolver;
  readonly roles = new Map<string, LoadedRole>();
  /** Resource policies by the ARN of the resource they protect. */
  readonly resourcePolicies = new Map<string, NamedPolicy>();
  private readonly resources: Record<string, { Type: string; Properties?: any }>;

  constructor(
    template: CfnTemplate,
    readonly env: SampleEnvironment,
  ) {
    this.resolver = new TemplateResolver(template, env);
    this.resources = template.Resources ?? {};
    for (const [logicalId, resource] of Object.entries(this.resources)) {
      if (UNSUPPORTED_POLICY_TYPES.includes(resource.Type)) {
        throw new Error(`${logicalId} is a ${resource.Type}, whose policies the access model does not load yet`);
      }
      if (resource.Type === 'AWS::EKS::PodIdentityAssociation') checkPodIdentityAssociation(logicalId, resource.Properties);
    }
    this.loadRoles();
    this.loadAttachedPolicies();
    this.loadResourcePolicies();
  }

  /** The resolved properties of every resource of a type, by logical id. */
  resourcesOfType(type: string): [string, any][] {
    return Object.entries(this.resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([logicalId, resource]) => [logicalId, this.resolved(logicalId, resource.Properties)]);
  }

  private readonly resolvedProperties = new Map<string, any>();

  private resolved(logicalId: string, properties: unknown): any {
    if (!this.resolvedProperties.has(logicalId)) this.resolvedProperties.set(logicalId, this.resolver.resolve(properties ?? {}));
    return this.resolvedProperties.get(logicalId);
  }

  /** The role with this ARN, or the role behind an assumed-role session ARN. */
  role(arn: string): LoadedRole {
    const session = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
    const roleArn = session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : arn;
    const role = [...this.roles.values()].find((r) => r.arn === roleArn);
    if (!role) throw new Error(`no role ${roleArn} in the template; roles: ${[...this.roles.values()].map((r) => r.arn).join(', ')}`);
    return role;
  }

  private loadRoles(): void {
    for (const [logicalId, properties] of this.resourcesOfType('AWS::IAM::Role')) {
      const name = this.resolver.physicalName(logicalId);
      const inline: NamedPolicy[] = (properties.Policies ?? []).map((p: any) => ({
        name: `${name}/${p.PolicyName}`,
        policy: p.PolicyDocument,
      }));
      const managed: NamedPolicy[] = (properties.ManagedPolicyArns ?? []).map((arn: string) => this.managedPolicy(arn));
      this.roles.set(logicalId, {
        logicalId,
        name,
        arn: this.resolver.arnOf(logicalId),
        trustPolicy: properties.AssumeRolePolicyDocument,
        identityPolicies: [...inline, ...managed],
      });
    }
  }

  private managedPolicy(arn: string): NamedPolicy {
    if (isAwsManagedPolicyArn(arn)) {
      const { version, document } = awsManagedPolicy(arn);
      return { name: `${arn} (${version})`, policy: document };
    }
    const found = this.resourcesOfType('AWS::IAM::ManagedPolicy').find(([logicalId]) => this.resolver.arnOf(logicalId) === arn);
    if (!found) throw new Error(`managed policy ${arn} is neither AWS managed nor in the template`);
    return { name: arn, policy: found[1].PolicyDocument };
  }

  /** AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources name the roles they attach to. */
  private loadAttachedPolicies(): void {
    const attach = (logicalId: string, policyName: string, document: any, roleNames: string[] = []) => {
      for (const roleName of roleNames) {
        const role = [...this.roles.values()].find((r) => r.name === roleName);
        if (!role) throw new Error(`${logicalId} attaches to role ${roleName}, which is not in the template`);
        role.identityPolicies.push({ name: policyName, policy: document });
      }
    };
    for (const [logicalId, p] of this.resourcesOfType('AWS::IAM::Policy')) {
      if (p.Users?.length || p.Groups?.length)
        throw new Error(`${logicalId} attaches to users or groups, which the access model does not load`);
      attach(logicalId, p.PolicyName, p.PolicyDocument, p.Roles);
    }
    for (const [logicalId, p] of this.resourcesOfType('AWS::IAM::ManagedPolicy')) {
      if (p.Users?.length || p.Groups?.length)
        throw new Error(`${logicalId} attaches to users or groups, which the access model does not load`);
      attach(logicalId, this.resolver.arnOf(logicalId), p.PolicyDocument, p.Roles);
    }
  }

  private loadResourcePolicies(): void {
    const add = (arn: string, name: string, policy: any) => {
      if (this.resourcePolicies.has(arn))
        throw new Error(`${arn} has two resource policies (${this.resourcePolicies.get(arn)!.name}, ${name})`);
      this.resourcePolicies.set(arn, { name, policy });
    };
    for (const [logicalId, p] of this.resourcesOfType('AWS::KMS::Key'))
      add(this.resolver.arnOf(logicalId), `${logicalId} key policy`, p.KeyPolicy);
    for (const [logicalId, p] of this.resourcesOfType('AWS::SNS::TopicPolicy')) {
      for (const topicArn of p.Topics) add(topicArn, logicalId, p.PolicyDocument);
    }
    for (const [logicalId, p] of this.resourcesOfType('AWS::SQS::QueuePolicy')) {
      for (const queueUrl of p.Queues) add(queueUrl, logicalId, p.PolicyDocument);
    }
    for (const [logicalId, p] of this.resourcesOfType('AWS::S3::BucketPolicy')) {
      add(`arn:${this.env.partition}:s3:::${p.Bucket}`, logicalId, p.PolicyDocument);
    }
  }

  /** The resource policy that applies to a request on this resource, if any. */
  resourcePolicyFor(action: string, resourceArn: string): NamedPolicy | undefined {
    // A role's trust policy also decides the session tags and source identity set on assuming it.
    if (/^sts:(assumerole|tagsession|setsourceidentity)/i.test(action)) {
      const role = this.role(resourceArn);
      return { name: `${role.name} trust policy`, policy: role.trustPolicy };
    }
    const exact = this.resourcePolicies.get(resourceArn);
    if (exact) return exact;
    // A bucket policy also governs the bucket's objects.
    const bucket = /^(arn:[\w-]+:s3:::[^/]+)\//.exec(resourceArn)?.[1];
    return bucket ? this.resourcePolicies.get(bucket) : undefined;
  }

  /** The ARN of the IAM role a Kubernetes ServiceAccount of the template is annotated with (IRSA). */
  serviceAccountRoleArn(namespace: string, name: string): string {
    const fromManifests = this.kubernetesObjects()
      .filter((o) => o.kind === 'ServiceAccount' && o.metadata?.name === name && (o.metadata?.namespace ?? 'default') === namespace)
      .map((o) => o.metadata?.annotations?.[IRSA_ANNOTATION]);
    const annotated = [...fromManifests, ...this.helmServiceAccountRoleArns(namespace, name)].filter(
      (arn): arn is string => typeof arn === 'string',
    );
    if (annotated.length !== 1)
      throw new Error(`expected one IRSA annotation on ServiceAccount ${namespace}/${name}, found ${annotated.length}`);
    return annotated[0];
  }

  /**
   * Charts declare their service account in their values, as an object with the account's
   * `name` and its `annotations` (e.g. `rbac.serviceAccount` of cluster-autoscaler); the chart
   * creates it in the release's namespace.
   */
  private helmServiceAccountRoleArns(namespace: string, name: string): unknown[] {
    const found: unknown[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (value === null || typeof value !== 'object') return;
      const node = value as Record<string, any>;
      if (node.name === name && node.annotations?.[IRSA_ANNOTATION] !== undefined) found.push(node.annotations[IRSA_ANNOTATION]);
      Object.values(node).forEach(visit);
    };
    for (const [, chart] of this.resourcesOfType('Custom::AWSCDK-EKS-HelmChart')) {
      if ((chart.Namespace ?? 'default') === namespace && chart.Values) visit(JSON.parse(chart.Values));
    }
    return found;
  }

  /** The role an EKS managed add-on runs its service account as (`ServiceAccountRoleArn`). */
  addonRoleArn(addonName: string): string {
    const addons = this.resourcesOfType('AWS::EKS::Addon').filter(([, p]) => p.AddonName === addonName);
    if (addons.length !== 1) throw new Error(`expected one ${addonName} add-on, found ${addons.length}`);
    const arn = addons[0][1].ServiceAccountRoleArn;
    if (!arn) throw new Error(`the ${addonName} add-on has no ServiceAccountRoleArn: it runs on the node role`);
    return arn;
  }

  /** Every Kubernetes object the template applies through manifests. */
  kubernetesObjects(): any[] {
    return this.resourcesOfType('Custom::AWSCDK-EKS-KubernetesResource').flatMap(([, p]) => JSON.parse(p.Manifest));
  }

  /** The single resource of a type whose resolved properties match. */
  only(type: string, predicate: (properties: any) => boolean = () => true): [string, any] {
    const found = this.resourcesOfType(type).filter(([, p]) => predicate(p));
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}: ${found.map(([id]) => id).join(', ')}`);
    return found[0];
  }

  /** The IAM role of the Lambda function behind a custom resource (its ServiceToken). */
  customResourceRoleArn(customResourceLogicalId: string): string {
    const token = this.resolver.resolve(this.resources[customResourceLogicalId].Properties?.ServiceToken);
    const functions = this.resourcesOfType('AWS::Lambda::Function').filter(([logicalId]) => this.resolver.arnOf(logicalId) === token);
    if (functions.length !== 1) throw new Error(`no Lambda function serves ${customResourceLogicalId} (${String(token)})`);
    return functions[0][1].Role;
  }
}
