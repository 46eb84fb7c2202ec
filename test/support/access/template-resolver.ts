/**
 * Turns a synthesized CloudFormation template into the concrete values CloudFormation would
 * give it in one sample account: every `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`,
 * `Fn::Select`, `Fn::Split` and `Fn::If` is evaluated, pseudo parameters get sample values, and
 * each resource gets the physical name and ARN CloudFormation would give it (its own name
 * property where it has one, a generated `<stack>-<logicalId>-<random>` name otherwise).
 *
 * The same resource always resolves to the same value, so a role ARN in a policy, in a trust
 * relationship and in a Kubernetes annotation are one string, as they are once deployed.
 * Anything it does not know how to resolve is an error naming the intrinsic: a guess would let
 * a policy look narrower or wider than it is.
 */

/** The account, region and partition a template is deployed into. */
export interface SampleEnvironment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly stackName: string;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, any>; Condition?: string }>;

/** The ARN CloudFormation reports for a resource's `Arn` attribute, by type. */
const ARN_OF: Record<string, (env: SampleEnvironment, name: string) => string> = {
  'AWS::IAM::Role': (e, name) => `arn:${e.partition}:iam::${e.account}:role/${name}`,
  'AWS::IAM::ManagedPolicy': (e, name) => `arn:${e.partition}:iam::${e.account}:policy/${name}`,
  'AWS::KMS::Key': (e, id) => `arn:${e.partition}:kms:${e.region}:${e.account}:key/${id}`,
  // CloudFormation's Arn of a log group ends in `:*` (it covers the group's streams).
  'AWS::Logs::LogGroup': (e, name) => `arn:${e.partition}:logs:${e.region}:${e.account}:log-group:${name}:*`,
  'AWS::Lambda::Function': (e, name) => `arn:${e.partition}:lambda:${e.region}:${e.account}:function:${name}`,
  'AWS::EKS::Cluster': (e, name) => `arn:${e.partition}:eks:${e.region}:${e.account}:cluster/${name}`,
  'AWS::SNS::Topic': (e, name) => `arn:${e.partition}:sns:${e.region}:${e.account}:${name}`,
  'AWS::SQS::Queue': (e, name) => `arn:${e.partition}:sqs:${e.region}:${e.account}:${name}`,
  'AWS::S3::Bucket': (e, name) => `arn:${e.partition}:s3:::${name}`,
  'AWS::CloudWatch::Alarm': (e, name) => `arn:${e.partition}:cloudwatch:${e.region}:${e.account}:alarm:${name}`,
};

/** The property that holds a resource's own physical name, by type. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::EKS::Cluster': 'Name',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SSM::Parameter': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::EKS::Nodegroup': 'NodegroupName',
};

/** A stable 12-character suffix per logical id, standing in for CloudFormation's random one. */
function sampleSuffix(logicalId: string): string {
  let hash = 2166136261;
  for (const char of logicalId) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash.toString(36).toUpperCase().padStart(7, '0').slice(0, 7) + 'SAMPL';
}

/** A sample key id in the UUID form KMS gives, derived from the logical id. */
function sampleKeyId(logicalId: string): string {
  const hex = Array.from(sampleSuffix(logicalId) + sampleSuffix(logicalId + 'k'), (c) => c.charCodeAt(0).toString(16))
    .join('')
    .padEnd(32, '0')
    .slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class TemplateResolver {
  private readonly resources: Resources;
  private readonly conditions: Record<string, unknown>;
  private readonly oidcIssuerId: string;

  constructor(
    template: { Resources?: Resources; Conditions?: Record<string, unknown> },
    readonly env: SampleEnvironment,
  ) {
    this.resources = template.Resources ?? {};
    this.conditions = template.Conditions ?? {};
    this.oidcIssuerId = `SAMPLE${sampleSuffix(env.stackName)}OIDC`;
  }

  resourceType(logicalId: string): string {
    const resource = this.resources[logicalId];
    if (!resource) throw new Error(`the template has no resource ${logicalId}`);
    return resource.Type;
  }

  /** The physical name (or id) CloudFormation returns for `Ref` of the resource. */
  physicalName(logicalId: string): string {
    const resource = this.resources[logicalId];
    if (!resource) throw new Error(`the template has no resource ${logicalId}`);
    const nameProperty = NAME_PROPERTY[resource.Type];
    if (nameProperty && resource.Properties?.[nameProperty] !== undefined) {
      return this.resolveString(resource.Properties[nameProperty]);
    }
    if (resource.Type === 'AWS::KMS::Key') return sampleKeyId(logicalId);
    if (resource.Type === 'AWS::EKS::Cluster') return `${this.env.stackName}-${logicalId}`;
    // CloudFormation's generated names: stack name, logical id, random suffix, at most 64 characters.
    return `${`${this.env.stackName}-${logicalId}`.slice(0, 51)}-${sampleSuffix(logicalId)}`;
  }

  arnOf(logicalId: string): string {
    const type = this.resourceType(logicalId);
    const arn = ARN_OF[type];
    if (!arn) throw new Error(`no ARN format for ${type} (${logicalId}); add it to the resolver`);
    return arn(this.env, this.physicalName(logicalId));
  }

  /** The OIDC issuer of the cluster, without `https://`, as IAM writes it in condition keys. */
  get oidcIssuer(): string {
    return `oidc.eks.${this.env.region}.amazonaws.com/id/${this.oidcIssuerId}`;
  }

  private ref(name: string): unknown {
    switch (name) {
      case 'AWS::AccountId':
        return this.env.account;
      case 'AWS::Region':
        return this.env.region;
      case 'AWS::Partition':
        return this.env.partition;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.env.stackName;
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const type = this.resourceType(name);
    // Ref returns the ARN for these types, the name or id for the others.
    if (type === 'AWS::IAM::ManagedPolicy' || type === 'AWS::SNS::Topic') return this.arnOf(name);
    if (type === 'AWS::IAM::OIDCProvider') return `arn:${this.env.partition}:iam::${this.env.account}:oidc-provider/${this.oidcIssuer}`;
    return this.physicalName(name);
  }

  private getAtt(logicalId: string, attribute: string): unknown {
    const resource = this.resources[logicalId];
    if (!resource) throw new Error(`Fn::GetAtt of a missing resource ${logicalId}`);
    const key = `${resource.Type}.${attribute}`;
    switch (key) {
      case 'AWS::EKS::Cluster.OpenIdConnectIssuerUrl':
        return `https://${this.oidcIssuer}`;
      case 'AWS::SNS::Topic.TopicArn':
        return this.arnOf(logicalId);
      case 'AWS::SNS::Topic.TopicName':
        return this.physicalName(logicalId);
      case 'AWS::KMS::Key.KeyId':
        return this.physicalName(logicalId);
      case 'AWS::IAM::Role.RoleId':
        return `AROA${sampleSuffix(logicalId)}`;
      case 'Custom::AWSCDKCfnJson.Value':
        // CDK's CfnJson: a custom resource that returns its Value property parsed as JSON.
        return JSON.parse(this.resolveString(resource.Properties?.Value));
    }
    if (attribute === 'Arn' && ARN_OF[resource.Type]) return this.arnOf(logicalId);
    // Opaque identifiers (a VPC's default security group, a cluster's endpoint) appear in
    // policies only as themselves; ARNs and names must be exact, so those stay errors.
    if (!/(Arn|Name|Url)$/.test(attribute)) return `sample-${logicalId}-${attribute}`.toLowerCase();
    throw new Error(`cannot resolve Fn::GetAtt ${logicalId}.${attribute} (${resource.Type}); add it to the resolver`);
  }

  private condition(name: string): boolean {
    if (!(name in this.conditions)) throw new Error(`the template has no condition ${name}`);
    return this.evaluateCondition(this.conditions[name]);
  }

  private evaluateCondition(expression: unknown): boolean {
    const [fn, args] = Object.entries(expression as Record<string, any>)[0];
    switch (fn) {
      case 'Fn::Equals':
        return JSON.stringify(this.resolve(args[0])) === JSON.stringify(this.resolve(args[1]));
      case 'Fn::Not':
        return !this.evaluateCondition(args[0]);
      case 'Fn::And':
        return args.every((a: unknown) => this.evaluateCondition(a));
      case 'Fn::Or':
        return args.some((a: unknown) => this.evaluateCondition(a));
      case 'Condition':
        return this.condition(args);
    }
    throw new Error(`cannot evaluate condition ${JSON.stringify(expression)}`);
  }

  private sub(text: string, variables: Record<string, unknown>): string {
    return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in variables) return this.resolveString(variables[name]);
      const [logicalId, attribute] = name.split('.');
      return String(attribute ? this.getAtt(logicalId, attribute) : this.ref(logicalId));
    });
  }

  /** The value with every intrinsic evaluated; `Ref AWS::NoValue` drops the list item or key. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, any>);
    if (entries.length === 1) {
      const [fn, args] = entries[0];
      switch (fn) {
        case 'Ref':
          return this.ref(args);
        case 'Fn::GetAtt':
          return Array.isArray(args) ? this.getAtt(args[0], args[1]) : this.getAtt(...(String(args).split('.', 2) as [string, string]));
        case 'Fn::Join':
          return (this.resolve(args[1]) as unknown[]).map((part) => this.asString(part)).join(args[0]);
        case 'Fn::Sub':
          return typeof args === 'string' ? this.sub(args, {}) : this.sub(args[0], args[1]);
        case 'Fn::Select':
          return (this.resolve(args[1]) as unknown[])[Number(this.resolve(args[0]))];
        case 'Fn::Split':
          return this.resolveString(args[1]).split(args[0]);
        case 'Fn::If':
          return this.resolve(this.condition(args[0]) ? args[1] : args[2]);
      }
      if (fn.startsWith('Fn::')) throw new Error(`cannot resolve ${fn}; add it to the resolver`);
    }
    const result: Record<string, unknown> = {};
    for (const [key, v] of entries) {
      const resolved = this.resolve(v);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    // A whole condition block can be one GetAtt of a CfnJson (IRSA trust conditions): its object is the value.
    return result;
  }

  resolveString(value: unknown): string {
    return this.asString(this.resolve(value));
  }

  private asString(value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new Error(`expected text, got ${JSON.stringify(value)}`);
  }
}

const NO_VALUE = Symbol('AWS::NoValue');
