import { CloudFormationClient, CloudFormationServiceException } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, InvalidParameterException, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient, ResourceNotFoundException as EksResourceNotFoundException } from '@aws-sdk/client-eks';
import {
  ElasticLoadBalancingV2Client,
  LoadBalancerNotFoundException,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { STSClient } from '@aws-sdk/client-sts';
import { contextFromArgs } from '../../../scripts/cdk-cli';
import type { ClusterAccess } from '../../../scripts/eks/cluster-access';
import { awsEnvironment, ClusterApi } from '../../../scripts/lifecycle/aws';
import { deleteLoadBalancedObjectIn, LoadBalancedObject, loadBalancedObjectsIn } from '../../../scripts/lifecycle/load-balancers';
import { DisruptionBudget, disruptionBudgetsIn } from '../../../scripts/lifecycle/node-group-drain';
import { synthesize } from '../../support/synth';

/**
 * An in-process stand-in for one AWS account and region, answering the AWS SDK's own clients
 * (a middleware that replies before anything is sent) as the services document:
 * - STS GetCallerIdentity names the account of the credentials;
 * - CloudFormation DescribeStacks and GetTemplate refuse a stack name that does not exist with a
 *   ValidationError "Stack with id <name> does not exist" (a deleted stack cannot be looked up by
 *   name); GetTemplate returns the template as submitted (TemplateBody, JSON text);
 * - CloudWatch Logs DescribeLogGroups pages (here two groups a page, which AWS allows: a page holds
 *   at most `limit`, 50 by default), ListTagsForResource takes the log group's ARN without the
 *   trailing `:*`, and DeleteLogGroup and ListTagsForResource refuse a group that does not exist
 *   (ResourceNotFoundException);
 * - EC2 DescribeSecurityGroups, DescribeVpcs and DescribeNetworkInterfaces apply their `tag:<key>`,
 *   `vpc-id` and `group-id` filters;
 * - ELBv2 DescribeLoadBalancers and DescribeTargetGroups page with Marker/NextMarker and filter
 *   nothing but names and ARNs; DescribeTags takes at most 20 ARNs and refuses the whole call
 *   when one does not exist (LoadBalancerNotFound, TargetGroupNotFound);
 * - EKS DescribeCluster answers for a cluster of a deployed stack, else ResourceNotFoundException;
 *   its Kubernetes API (`clusterApi`) answers a client that uses the endpoint EKS named and a
 *   token as `aws eks get-token` makes it: it lists the PodDisruptionBudgets, the Ingresses and
 *   the Services, and deletes an object (404 when it does not exist, 409 when its uid is not the
 *   precondition's).
 *
 * The cluster's AWS Load Balancer Controller (`expose`): for an Ingress or a LoadBalancer Service
 * it makes a load balancer, a target group and a security group tagged
 * `elbv2.k8s.aws/cluster=<cluster>`; when the object is deleted it deletes them
 * (`controllerRemovesAfterMs` later), as long as the stack (and with it the controller) exists.
 *
 * `runCdk` plays the CDK CLI and CloudFormation on the real template of the settings it is given
 * (synthesized as `cdk synth` does): a create refuses a named log group that already exists unless
 * the change set imports existing resources (`--import-existing-resources`) and the template
 * retains the group (DeletionPolicy Retain), which it then adopts; a create that fails creates
 * nothing. A delete removes what the template does not retain; log groups get the template's tags.
 * `cdk destroy` of a stack that does not exist succeeds, as the CLI does. CDK refuses to deploy
 * when the settings name an account other than the credentials'.
 *
 * What happens around a destroy (`StandInOptions`): EKS writes the control plane's last lines
 * after the cluster is gone, recreating its log group without tags; a Lambda function's network
 * interface, with the security group it sits in, outlives the stack until AWS releases it.
 */
export interface StandInOptions {
  /** The account of the credentials the scripts run with. @default STAND_IN_ACCOUNT */
  readonly account?: string;
  /** After the cluster is deleted, EKS writes to its control-plane group once more, this much later. */
  readonly eksWritesAgainAfterMs?: number;
  /** A kubectl function's network interface is released this long after the stack is gone. */
  readonly eniReleasedAfterMs?: number;
  /** The interface is on the EKS-owned cluster group, which then cannot be deleted (the old layout). */
  readonly eniHoldsClusterGroup?: boolean;
  /** The cluster's API cannot be reached from where the scripts run (a private endpoint). */
  readonly clusterApiUnreachable?: boolean;
  /** The load balancer controller deletes what it made for an object this long after the object. @default 45 s */
  readonly controllerRemovesAfterMs?: number;
}

export const STAND_IN_ACCOUNT = '123456789012';
export const STAND_IN_REGION = 'ap-southeast-1';

/** One request a client sent, as IAM sees it: the service's prefix, the action and its parameters. */
export interface RecordedCall {
  readonly service: string;
  readonly action: string;
  readonly input: Record<string, any>;
}

interface StackRecord {
  readonly id: string;
  status: string;
  template: any;
}

interface LogGroupRecord {
  tags: Record<string, string>;
  readonly creationTime: number;
}

interface SecurityGroupRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly tags: Record<string, string>;
}

interface InterfaceRecord {
  readonly id: string;
  readonly description: string;
  readonly vpcId: string;
  readonly groupIds: string[];
}

/** An object in a cluster's Kubernetes API. */
interface KubernetesObject extends LoadBalancedObject {
  /** For a Service: its spec.type. */
  readonly serviceType?: string;
  /** What the load balancer controller made for it in AWS: ARNs and security group ids. */
  readonly made: string[];
}

interface ElbResourceRecord {
  readonly name: string;
  readonly tags: Record<string, string>;
}

const SERVICE_OF_CLIENT: Record<string, string> = {
  ElasticLoadBalancingV2Client: 'elasticloadbalancing',
  STSClient: 'sts',
  CloudFormationClient: 'cloudformation',
  CloudWatchLogsClient: 'logs',
  EC2Client: 'ec2',
  EKSClient: 'eks',
};

const PAGE_SIZE = 2;
const STACK_NAME_TAG = 'aws:cloudformation:stack-name';
const CONTROLLER_TAG = 'elbv2.k8s.aws/cluster';

function stackMissing(name: string): Error {
  return new CloudFormationServiceException({
    name: 'ValidationError',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: `Stack with id ${name} does not exist`,
  });
}

function tagMap(tags: { Key: string; Value: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map(({ Key, Value }) => [Key, Value]));
}

function matchesFilters(filters: { Name: string; Values: string[] }[] | undefined, values: (name: string) => string[]): boolean {
  return (filters ?? []).every((filter) => values(filter.Name).some((value) => filter.Values.includes(value)));
}

function page<T>(items: T[], token: string | undefined): { items: T[]; next?: string } {
  const start = token === undefined ? 0 : Number(token);
  const next = start + PAGE_SIZE < items.length ? String(start + PAGE_SIZE) : undefined;
  return { items: items.slice(start, start + PAGE_SIZE), next };
}

export class StandInAccount {
  readonly account: string;
  readonly region = STAND_IN_REGION;
  readonly stacks = new Map<string, StackRecord>();
  readonly logGroups = new Map<string, LogGroupRecord>();
  readonly securityGroups = new Map<string, SecurityGroupRecord>();
  readonly interfaces = new Map<string, InterfaceRecord>();
  readonly vpcs = new Map<string, Record<string, string>>();
  /** Every request the clients sent, in order. */
  readonly calls: RecordedCall[] = [];
  /** Every CDK CLI invocation, with its arguments. */
  readonly cdkCalls: string[][] = [];
  /** The PodDisruptionBudgets of each cluster, by cluster name, as its API server lists them. */
  readonly disruptionBudgets = new Map<string, DisruptionBudget[]>();
  /** The objects of each cluster's Kubernetes API, by cluster name. */
  readonly kubernetesObjects = new Map<string, KubernetesObject[]>();
  /** Every delete the cluster's Kubernetes API received, as `<kind> <namespace>/<name>`. */
  readonly kubernetesDeletes: string[] = [];
  /** ELBv2 load balancers and target groups, by ARN. */
  readonly loadBalancers = new Map<string, ElbResourceRecord>();
  readonly targetGroups = new Map<string, ElbResourceRecord>();
  /**
   * Answers a request before the account does, for what the account does not play on its own
   * (an error of the service, a stack listed as DELETE_COMPLETE, a resource deleted between two
   * calls): throws the service's error, returns the service's output, or returns undefined to let
   * the account answer.
   */
  respond?: (call: RecordedCall) => Record<string, unknown> | undefined;
  private clock = 0;
  private serial = 0;
  private readonly pending: { at: number; run: () => void }[] = [];

  constructor(private readonly options: StandInOptions = {}) {
    this.account = options.account ?? STAND_IN_ACCOUNT;
  }

  now(): number {
    return this.clock;
  }

  /** Lets time pass, running what was due meanwhile. */
  advance(ms: number): void {
    this.clock += ms;
    for (const event of this.pending.filter((e) => e.at <= this.clock).sort((a, b) => a.at - b.at)) {
      this.pending.splice(this.pending.indexOf(event), 1);
      event.run();
    }
  }

  /** Runs `what` once `ms` from now have passed. */
  at(ms: number, what: () => void): void {
    this.pending.push({ at: this.clock + ms, run: what });
  }

  /** The log groups that exist, sorted by name. */
  logGroupNames(): string[] {
    return [...this.logGroups.keys()].sort();
  }

  /**
   * What deploy and destroy take from their caller, answered by this account on its own clock;
   * what they print goes to `lines`, errors as `ERROR <line>`.
   */
  commandDeps(lines: string[] = []) {
    return {
      runCdk: this.runCdk,
      aws: awsEnvironment(this.clients(), this.clusterApi),
      clock: { now: () => this.now(), sleep: async (ms: number) => this.advance(ms) },
      log: (line: string) => void lines.push(line),
      error: (line: string) => void lines.push(`ERROR ${line}`),
    };
  }

  /** The SDK's clients, answered by this account. */
  clients() {
    const settings = { region: this.region, credentials: { accessKeyId: 'AKIASTANDIN', secretAccessKey: 'stand-in' } };
    const clients = {
      sts: new STSClient(settings),
      cloudFormation: new CloudFormationClient(settings),
      logs: new CloudWatchLogsClient(settings),
      ec2: new EC2Client(settings),
      eks: new EKSClient(settings),
      elbv2: new ElasticLoadBalancingV2Client(settings),
    };
    for (const client of Object.values(clients)) {
      (client.middlewareStack as any).add(
        (_next: unknown, context: { clientName: string; commandName: string }) => async (args: { input: Record<string, any> }) => {
          const service = SERVICE_OF_CLIENT[context.clientName];
          const action = context.commandName.replace(/Command$/, '');
          const call = { service, action, input: JSON.parse(JSON.stringify(args.input ?? {})) };
          this.calls.push(call);
          const output = this.respond?.(call) ?? this.answer(service, action, args.input ?? {});
          return { output: { $metadata: { httpStatusCode: 200 }, ...output }, response: {} };
        },
        { step: 'initialize', name: 'standInAccount', priority: 'high' },
      );
    }
    return clients;
  }

  private logGroupArn(name: string): string {
    return `arn:aws:logs:${this.region}:${this.account}:log-group:${name}`;
  }

  private answer(service: string, action: string, input: Record<string, any>): Record<string, unknown> {
    switch (`${service}:${action}`) {
      case 'sts:GetCallerIdentity':
        return {
          Account: this.account,
          Arn: `arn:aws:sts::${this.account}:assumed-role/Deployer/session`,
          UserId: 'AROASTANDIN:session',
        };
      case 'cloudformation:DescribeStacks': {
        const stack = this.stacks.get(input.StackName);
        if (!stack) throw stackMissing(input.StackName);
        return { Stacks: [{ StackName: input.StackName, StackId: stack.id, StackStatus: stack.status, CreationTime: new Date(0) }] };
      }
      case 'cloudformation:GetTemplate': {
        const stack = this.stacks.get(input.StackName);
        if (!stack) throw stackMissing(input.StackName);
        return { TemplateBody: JSON.stringify(stack.template), StagesAvailable: ['Original', 'Processed'] };
      }
      case 'logs:DescribeLogGroups': {
        const names = this.logGroupNames().filter((name) => name.startsWith(input.logGroupNamePrefix ?? ''));
        const { items, next } = page(names, input.nextToken);
        return {
          logGroups: items.map((name) => ({
            logGroupName: name,
            arn: `${this.logGroupArn(name)}:*`,
            logGroupArn: this.logGroupArn(name),
            creationTime: this.logGroups.get(name)!.creationTime,
          })),
          nextToken: next,
        };
      }
      case 'logs:ListTagsForResource': {
        const arn: string = input.resourceArn;
        if (arn.endsWith(':*')) {
          throw new InvalidParameterException({ message: 'Invalid resource ARN: give a log group ARN without :*', $metadata: {} });
        }
        const name = arn.startsWith(this.logGroupArn('')) ? arn.slice(this.logGroupArn('').length) : undefined;
        const group = name === undefined ? undefined : this.logGroups.get(name);
        if (!group) throw new ResourceNotFoundException({ message: 'The specified resource does not exist.', $metadata: {} });
        return { tags: { ...group.tags } };
      }
      case 'logs:DeleteLogGroup': {
        if (!this.logGroups.delete(input.logGroupName)) {
          throw new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: {} });
        }
        return {};
      }
      case 'ec2:DescribeSecurityGroups': {
        const groups = [...this.securityGroups.values()].filter((group) =>
          matchesFilters(input.Filters, (name) => (name.startsWith('tag:') ? [group.tags[name.slice(4)]] : [])),
        );
        const { items, next } = page(groups, input.NextToken);
        return {
          SecurityGroups: items.map((g) => ({ GroupId: g.id, GroupName: g.name, Description: g.description })),
          NextToken: next,
        };
      }
      case 'ec2:DescribeVpcs': {
        const vpcs = [...this.vpcs].filter(([, tags]) =>
          matchesFilters(input.Filters, (name) => (name.startsWith('tag:') ? [tags[name.slice(4)]] : [])),
        );
        return { Vpcs: vpcs.map(([id]) => ({ VpcId: id })) };
      }
      case 'ec2:DescribeNetworkInterfaces': {
        const found = [...this.interfaces.values()].filter((eni) =>
          matchesFilters(input.Filters, (name) => (name === 'vpc-id' ? [eni.vpcId] : name === 'group-id' ? eni.groupIds : [])),
        );
        const { items, next } = page(found, input.NextToken);
        return {
          NetworkInterfaces: items.map((eni) => ({ NetworkInterfaceId: eni.id, Description: eni.description, VpcId: eni.vpcId })),
          NextToken: next,
        };
      }
      case 'elasticloadbalancing:DescribeLoadBalancers': {
        const { items, next } = page([...this.loadBalancers], input.Marker);
        return {
          LoadBalancers: items.map(([arn, lb]) => ({ LoadBalancerArn: arn, LoadBalancerName: lb.name, Type: 'application' })),
          NextMarker: next,
        };
      }
      case 'elasticloadbalancing:DescribeTargetGroups': {
        const { items, next } = page([...this.targetGroups], input.Marker);
        return { TargetGroups: items.map(([arn, tg]) => ({ TargetGroupArn: arn, TargetGroupName: tg.name })), NextMarker: next };
      }
      case 'elasticloadbalancing:DescribeTags': {
        const arns: string[] = input.ResourceArns ?? [];
        if (arns.length > 20) throw new Error('ValidationError: at most 20 resource ARNs');
        return {
          TagDescriptions: arns.map((arn) => {
            const found = this.loadBalancers.get(arn) ?? this.targetGroups.get(arn);
            if (!found && arn.includes(':loadbalancer/')) {
              throw new LoadBalancerNotFoundException({ message: `Load balancers '[${arn}]' not found`, $metadata: {} });
            }
            if (!found) throw new TargetGroupNotFoundException({ message: `Target groups '[${arn}]' not found`, $metadata: {} });
            return { ResourceArn: arn, Tags: Object.entries(found.tags).map(([Key, Value]) => ({ Key, Value })) };
          }),
        };
      }
      case 'eks:DescribeCluster': {
        const deployed = [...this.stacks.values()].some(
          (stack) => stack.status !== 'DELETE_FAILED' && this.clusterName(stack.template) === input.name,
        );
        if (!deployed) throw new EksResourceNotFoundException({ message: `No cluster found for name: ${input.name}.`, $metadata: {} });
        return {
          cluster: {
            name: input.name,
            status: 'ACTIVE',
            endpoint: `https://${input.name}.stand-in.eks.amazonaws.com`,
            certificateAuthority: { data: Buffer.from('stand-in CA').toString('base64') },
          },
        };
      }
      default:
        throw new Error(`the stand-in account does not answer ${service}:${action}`);
    }
  }

  /** Lets in a client with what EKS hands out for the cluster; throws as the API server or the network would. */
  private authorize(access: ClusterAccess): void {
    if (this.options.clusterApiUnreachable) throw new Error(`connect ETIMEDOUT ${new URL(access.server).hostname}:443`);
    if (access.server !== `https://${access.clusterName}.stand-in.eks.amazonaws.com`) throw new Error(`no API server at ${access.server}`);
    const url = new URL(Buffer.from(access.token.replace(/^k8s-aws-v1\./, ''), 'base64url').toString('utf8'));
    const signed = url.searchParams.get('X-Amz-SignedHeaders')?.split(';') ?? [];
    if (
      !access.token.startsWith('k8s-aws-v1.') ||
      url.hostname !== `sts.${this.region}.amazonaws.com` ||
      !signed.includes('x-k8s-aws-id')
    ) {
      throw new Error('HTTP 401 Unauthorized');
    }
  }

  /**
   * The cluster's Kubernetes API, as the clients of @kubernetes/client-node call it: what the
   * commands read and delete through it is their own code on these clients.
   */
  readonly clusterApi: ClusterApi = {
    readDisruptionBudgets: async (access) => disruptionBudgetsIn(this.kubernetesClients(access).policy),
    readLoadBalancedObjects: async (access) => loadBalancedObjectsIn(this.kubernetesClients(access)),
    deleteLoadBalancedObject: async (access, object) => deleteLoadBalancedObjectIn(this.kubernetesClients(access), object),
  };

  /** The API clients of one cluster, for a caller the API server lets in. */
  private kubernetesClients(access: ClusterAccess) {
    this.authorize(access);
    const objects = this.kubernetesObjects.get(access.clusterName) ?? [];
    const metadata = ({ namespace, name, uid }: KubernetesObject) => ({ namespace, name, uid });
    const ingresses = objects.filter((object) => object.kind === 'Ingress').map((object) => ({ metadata: metadata(object) }));
    const services = objects
      .filter((object) => object.kind === 'Service')
      .map((object) => ({ metadata: metadata(object), spec: { type: object.serviceType } }));
    /** A delete with a uid precondition: 404 when the object does not exist, 409 when its uid is not the precondition's. */
    const remove =
      (kind: KubernetesObject['kind']) =>
      async ({ namespace, name, body }: { namespace: string; name: string; body?: { preconditions?: { uid?: string } } }) => {
        this.kubernetesDeletes.push(`${kind} ${namespace}/${name}`);
        const found = objects.find((o) => o.kind === kind && o.namespace === namespace && o.name === name);
        if (!found) throw Object.assign(new Error(`HTTP-Code: 404 ${kind} ${namespace}/${name} not found`), { code: 404 });
        const uid = body?.preconditions?.uid;
        if (uid !== undefined && found.uid !== uid) {
          throw Object.assign(new Error(`HTTP-Code: 409 precondition failed: UID in precondition: ${uid}`), { code: 409 });
        }
        objects.splice(objects.indexOf(found), 1);
        this.at(this.options.controllerRemovesAfterMs ?? 45_000, () => {
          if (this.clusterExists(access.clusterName)) for (const id of found.made) this.removeElbResource(id);
        });
        return {};
      };
    const budgets = (this.disruptionBudgets.get(access.clusterName) ?? []).map(({ namespace, name, disruptionsAllowed, expectedPods }) => ({
      metadata: { namespace, name },
      status: { disruptionsAllowed, expectedPods, currentHealthy: expectedPods, desiredHealthy: expectedPods - disruptionsAllowed },
    }));
    return {
      networking: { listIngressForAllNamespaces: () => Promise.resolve({ items: ingresses }), deleteNamespacedIngress: remove('Ingress') },
      core: { listServiceForAllNamespaces: () => Promise.resolve({ items: services }), deleteNamespacedService: remove('Service') },
      policy: { listPodDisruptionBudgetForAllNamespaces: () => Promise.resolve({ items: budgets }) },
    };
  }

  private clusterExists(clusterName: string): boolean {
    return [...this.stacks.values()].some((stack) => this.clusterName(stack.template) === clusterName);
  }

  private removeElbResource(id: string): void {
    this.loadBalancers.delete(id);
    this.targetGroups.delete(id);
    this.securityGroups.delete(id);
  }

  /**
   * A team creates an object in the cluster; for an Ingress or a LoadBalancer Service the
   * controller makes a load balancer, a target group and a security group tagged for the cluster.
   * Returns what it made.
   */
  expose(clusterName: string, object: { kind: 'Ingress' | 'Service'; namespace: string; name: string; serviceType?: string }): string[] {
    const serial = ++this.serial;
    const name = `k8s-${object.namespace}-${object.name}`.slice(0, 26) + `-${serial}`;
    const tags = { [CONTROLLER_TAG]: clusterName, 'ingress.k8s.aws/resource': object.kind };
    const made: string[] = [];
    if (object.kind === 'Ingress' || object.serviceType === 'LoadBalancer') {
      const lb = `arn:aws:elasticloadbalancing:${this.region}:${this.account}:loadbalancer/app/${name}/${serial}`;
      const tg = `arn:aws:elasticloadbalancing:${this.region}:${this.account}:targetgroup/${name}/${serial}`;
      const sg = `sg-lb${serial}`;
      this.loadBalancers.set(lb, { name, tags });
      this.targetGroups.set(tg, { name, tags });
      this.securityGroups.set(sg, { id: sg, name, description: '[k8s] Managed SecurityGroup for LoadBalancer', tags });
      made.push(lb, tg, sg);
    }
    const objects = this.kubernetesObjects.get(clusterName) ?? [];
    objects.push({ ...object, uid: `uid-${serial}`, made });
    this.kubernetesObjects.set(clusterName, objects);
    return made;
  }

  private clusterName(template: any): string | undefined {
    const cluster = Object.values<any>(template.Resources ?? {}).find((r) => r.Type === 'AWS::EKS::Cluster');
    return cluster?.Properties?.Name;
  }

  /** The CDK CLI: `deploy <stack> ...` and `destroy <stack> ...`, with the CLI's exit status. */
  readonly runCdk = (args: readonly string[]): number => {
    this.cdkCalls.push([...args]);
    const [command, stackName] = args;
    const { config, template } = synthesize(contextFromArgs(args));
    if (config.names.stack !== stackName) throw new Error(`cdk ${command} ${stackName}: the settings name ${config.names.stack}`);
    if (command === 'deploy')
      return this.deploy(stackName, template.toJSON(), args.includes('--import-existing-resources'), config.account);
    if (command === 'destroy') return this.destroy(stackName, config.names.cluster);
    throw new Error(`unexpected cdk ${args.join(' ')}`);
  };

  private templateLogGroups(template: any): { name: string; retained: boolean; tags: Record<string, string> }[] {
    return Object.values<any>(template.Resources ?? {})
      .filter((r) => r.Type === 'AWS::Logs::LogGroup')
      .map((r) => ({
        name: r.Properties.LogGroupName,
        retained: (r.DeletionPolicy ?? 'Delete') !== 'Delete',
        tags: tagMap(r.Properties.Tags),
      }));
  }

  private deploy(stackName: string, template: any, importing: boolean, account: string | undefined): number {
    if (account !== undefined && account !== this.account) return 1; // CDK: the credentials are for another account
    const groups = this.templateLogGroups(template);
    const existing = this.stacks.get(stackName);
    if (!existing) {
      const clash = groups.filter((g) => this.logGroups.has(g.name) && !(importing && g.retained));
      if (clash.length > 0) return 1; // CREATE_FAILED: "<name> already exists"
      this.stacks.set(stackName, {
        id: `arn:aws:cloudformation:${this.region}:${this.account}:stack/${stackName}/${++this.serial}`,
        status: 'CREATE_COMPLETE',
        template,
      });
      this.vpcs.set(`vpc-${this.serial}`, { [STACK_NAME_TAG]: stackName });
    } else {
      const kept = new Set(groups.map((g) => g.name));
      for (const old of this.templateLogGroups(existing.template))
        if (!kept.has(old.name) && !old.retained) this.logGroups.delete(old.name);
      existing.template = template;
      existing.status = 'UPDATE_COMPLETE';
    }
    for (const group of groups) {
      const found = this.logGroups.get(group.name);
      if (found) found.tags = group.tags;
      else this.logGroups.set(group.name, { tags: group.tags, creationTime: this.clock });
    }
    return 0;
  }

  private destroy(stackName: string, clusterName: string): number {
    const stack = this.stacks.get(stackName);
    if (!stack) return 0; // the CLI reports success for a stack that does not exist
    for (const group of this.templateLogGroups(stack.template)) if (!group.retained) this.logGroups.delete(group.name);
    if (this.options.eniHoldsClusterGroup) {
      this.securityGroups.set('sg-eks', {
        id: 'sg-eks',
        name: `eks-cluster-sg-${clusterName}`,
        description: 'EKS created security group',
        tags: { 'aws:eks:cluster-name': clusterName },
      });
      this.interfaces.set('eni-1', { id: 'eni-1', description: 'AWS Lambda VPC ENI-kubectl', vpcId: 'vpc-gone', groupIds: ['sg-eks'] });
      stack.status = 'DELETE_FAILED'; // the subnets and the VPC still have dependencies
      return 1;
    }
    this.stacks.delete(stackName);
    // The cluster goes with its objects; what its controller made in AWS stays, with nobody to delete it.
    this.kubernetesObjects.delete(clusterName);
    for (const [id, tags] of this.vpcs) if (tags[STACK_NAME_TAG] === stackName) this.vpcs.delete(id);
    const controlPlane = this.templateLogGroups(stack.template).find((g) => g.name.endsWith('/cluster'))!.name;
    if (this.options.eksWritesAgainAfterMs !== undefined) {
      this.at(this.options.eksWritesAgainAfterMs, () => {
        if (!this.logGroups.has(controlPlane)) this.logGroups.set(controlPlane, { tags: {}, creationTime: this.clock });
      });
    }
    if (this.options.eniReleasedAfterMs !== undefined) {
      this.securityGroups.set('sg-kubectl', {
        id: 'sg-kubectl',
        name: `${stackName}-KubectlProvider`,
        description: 'kubectl provider functions',
        tags: { [STACK_NAME_TAG]: stackName },
      });
      this.interfaces.set('eni-2', { id: 'eni-2', description: 'AWS Lambda VPC ENI-kubectl', vpcId: 'vpc-gone', groupIds: ['sg-kubectl'] });
      this.at(this.options.eniReleasedAfterMs, () => {
        this.interfaces.delete('eni-2');
        this.securityGroups.delete('sg-kubectl');
      });
    }
    return 0;
  }
}
