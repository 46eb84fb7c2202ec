import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  ListTagsForResourceCommand,
  paginateDescribeLogGroups,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeVpcsCommand, EC2Client, paginateDescribeNetworkInterfaces, paginateDescribeSecurityGroups } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import {
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  LoadBalancerNotFoundException,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  Tag,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ClusterAccess, eksClusterAccess } from '../eks/cluster-access';
import type { DeployedTemplate, EnvironmentAws, LogGroup, NetworkLeftover } from './leftovers';
import { CONTROLLER_CLUSTER_TAG, deleteLoadBalancedObject, LoadBalancedObject, readLoadBalancedObjects } from './load-balancers';
import { DisruptionBudget, readDisruptionBudgets } from './node-group-drain';

const STACK_NAME_TAG = 'aws:cloudformation:stack-name';
const EKS_CLUSTER_TAG = 'aws:eks:cluster-name';

/** The AWS SDK clients the lifecycle scripts call, all in the stack's region. */
export interface LifecycleClients {
  readonly sts: STSClient;
  readonly cloudFormation: CloudFormationClient;
  readonly logs: CloudWatchLogsClient;
  readonly ec2: EC2Client;
  readonly eks: EKSClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
}

/** What the lifecycle scripts read and delete through a cluster's Kubernetes API. */
export interface ClusterApi {
  readonly readDisruptionBudgets: (access: ClusterAccess) => Promise<DisruptionBudget[]>;
  readonly readLoadBalancedObjects: (access: ClusterAccess) => Promise<LoadBalancedObject[]>;
  readonly deleteLoadBalancedObject: (access: ClusterAccess, object: LoadBalancedObject) => Promise<void>;
}

/** The Kubernetes API itself, through @kubernetes/client-node. */
export const kubernetesApi: ClusterApi = { readDisruptionBudgets, readLoadBalancedObjects, deleteLoadBalancedObject };

/** DescribeTags takes at most 20 resource ARNs a call. */
const TAGS_PER_CALL = 20;

/** ELBv2's answer for a load balancer or target group that does not exist (any more). */
function isGone(error: unknown): boolean {
  return error instanceof LoadBalancerNotFoundException || error instanceof TargetGroupNotFoundException;
}

/**
 * Clients in one region with the credentials the CDK CLI uses: those of `profile` (the CLI's
 * `--profile`) when given, else the SDK's default chain, as for the CLI.
 */
export function lifecycleClients(region: string, profile?: string): LifecycleClients {
  const settings = { region, ...(profile === undefined ? {} : { profile }) };
  return {
    sts: new STSClient(settings),
    cloudFormation: new CloudFormationClient(settings),
    logs: new CloudWatchLogsClient(settings),
    ec2: new EC2Client(settings),
    eks: new EKSClient(settings),
    elbv2: new ElasticLoadBalancingV2Client(settings),
  };
}

/** CloudFormation's answer for a stack name it does not know (a deleted stack is looked up by name as unknown). */
function isMissingStack(error: unknown): boolean {
  return (error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message);
}

/**
 * The calls of EnvironmentAws, made with these clients; `clusterApi` reads and deletes objects
 * through a cluster's Kubernetes API.
 */
export function awsEnvironment(
  { sts, cloudFormation, logs, ec2, eks, elbv2 }: LifecycleClients,
  clusterApi: ClusterApi = kubernetesApi,
): EnvironmentAws {
  const access = async (clusterName: string) => eksClusterAccess(eks, clusterName, await eks.config.credentials());

  /** The tags of each resource; one deleted since it was listed is left out. */
  async function tagsOf(arns: readonly string[]): Promise<Map<string, Tag[]>> {
    const found = new Map<string, Tag[]>();
    for (let start = 0; start < arns.length; start += TAGS_PER_CALL) {
      const batch = arns.slice(start, start + TAGS_PER_CALL);
      try {
        const { TagDescriptions = [] } = await elbv2.send(new DescribeTagsCommand({ ResourceArns: batch }));
        for (const { ResourceArn, Tags = [] } of TagDescriptions) if (ResourceArn) found.set(ResourceArn, Tags);
      } catch (error) {
        if (!isGone(error)) throw error;
        // A resource of the batch was deleted since it was listed, and ELBv2 refuses the whole
        // call: one by one then, leaving out the gone.
        if (batch.length > 1) for (const arn of batch) for (const [each, tags] of await tagsOf([arn])) found.set(each, tags);
      }
    }
    return found;
  }

  return {
    async callerAccount() {
      const { Account } = await sts.send(new GetCallerIdentityCommand({}));
      if (!Account) throw new Error('STS GetCallerIdentity named no account');
      return Account;
    },

    async stackStatus(stackName) {
      try {
        const { Stacks = [] } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
        return Stacks.find((stack) => stack.StackStatus !== 'DELETE_COMPLETE')?.StackStatus;
      } catch (error) {
        if (isMissingStack(error)) return undefined;
        throw error;
      }
    },

    async stackTemplate(stackName) {
      const { TemplateBody } = await cloudFormation.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
      try {
        return JSON.parse(TemplateBody ?? '') as DeployedTemplate;
      } catch (error) {
        throw new Error(`the template of ${stackName} is not JSON, so it was not deployed by this platform (${(error as Error).message})`, {
          cause: error,
        });
      }
    },

    async logGroups(prefix) {
      const groups: LogGroup[] = [];
      for await (const page of paginateDescribeLogGroups({ client: logs }, { logGroupNamePrefix: prefix })) {
        for (const group of page.logGroups ?? []) {
          if (!group.logGroupName || !group.logGroupArn) continue;
          try {
            const { tags = {} } = await logs.send(new ListTagsForResourceCommand({ resourceArn: group.logGroupArn }));
            groups.push({ name: group.logGroupName, tags });
          } catch (error) {
            // Deleted between the two calls: no longer there to sort.
            if (!(error instanceof ResourceNotFoundException)) throw error;
          }
        }
      }
      return groups;
    },

    async deleteLogGroup(name) {
      try {
        await logs.send(new DeleteLogGroupCommand({ logGroupName: name }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },

    async securityGroups(stackName, clusterName) {
      const found = new Map<string, NetworkLeftover>();
      for (const [tag, value] of [
        [STACK_NAME_TAG, stackName],
        [EKS_CLUSTER_TAG, clusterName],
      ] as const) {
        const pages = paginateDescribeSecurityGroups({ client: ec2 }, { Filters: [{ Name: `tag:${tag}`, Values: [value] }] });
        for await (const page of pages) {
          for (const group of page.SecurityGroups ?? []) {
            if (group.GroupId)
              found.set(group.GroupId, { id: group.GroupId, description: `${group.GroupName}: ${group.Description ?? ''}` });
          }
        }
      }
      return [...found.values()];
    },

    async networkInterfaces(stackName, securityGroupIds) {
      const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: `tag:${STACK_NAME_TAG}`, Values: [stackName] }] }));
      const vpcIds = Vpcs.flatMap((vpc) => (vpc.VpcId ? [vpc.VpcId] : []));
      const filters = [
        ...(vpcIds.length > 0 ? [{ Name: 'vpc-id', Values: vpcIds }] : []),
        ...(securityGroupIds.length > 0 ? [{ Name: 'group-id', Values: [...securityGroupIds] }] : []),
      ];
      const found = new Map<string, NetworkLeftover>();
      // Separate calls: EC2 combines different filters with AND.
      for (const filter of filters) {
        for await (const page of paginateDescribeNetworkInterfaces({ client: ec2 }, { Filters: [filter] })) {
          for (const eni of page.NetworkInterfaces ?? []) {
            if (eni.NetworkInterfaceId)
              found.set(eni.NetworkInterfaceId, { id: eni.NetworkInterfaceId, description: eni.Description ?? '' });
          }
        }
      }
      return [...found.values()];
    },

    async disruptionBudgets(clusterName) {
      return clusterApi.readDisruptionBudgets(await access(clusterName));
    },

    async loadBalancedObjects(clusterName) {
      return clusterApi.readLoadBalancedObjects(await access(clusterName));
    },

    async deleteLoadBalancedObject(clusterName, object) {
      await clusterApi.deleteLoadBalancedObject(await access(clusterName), object);
    },

    async loadBalancerResources(clusterName) {
      // ELBv2 filters by nothing but names and ARNs: every load balancer and target group of the
      // region is listed, and its tags tell the cluster's apart.
      const candidates = new Map<string, string>();
      for await (const page of paginateDescribeLoadBalancers({ client: elbv2 }, {})) {
        for (const lb of page.LoadBalancers ?? [])
          if (lb.LoadBalancerArn) candidates.set(lb.LoadBalancerArn, `load balancer ${lb.LoadBalancerName}`);
      }
      for await (const page of paginateDescribeTargetGroups({ client: elbv2 }, {})) {
        for (const tg of page.TargetGroups ?? [])
          if (tg.TargetGroupArn) candidates.set(tg.TargetGroupArn, `target group ${tg.TargetGroupName}`);
      }
      const tags = await tagsOf([...candidates.keys()]);
      const ofCluster = (arn: string) =>
        (tags.get(arn) ?? []).some((tag) => tag.Key === CONTROLLER_CLUSTER_TAG && tag.Value === clusterName);
      const found: NetworkLeftover[] = [...candidates].filter(([arn]) => ofCluster(arn)).map(([id, description]) => ({ id, description }));
      const groups = paginateDescribeSecurityGroups(
        { client: ec2 },
        { Filters: [{ Name: `tag:${CONTROLLER_CLUSTER_TAG}`, Values: [clusterName] }] },
      );
      for await (const page of groups) {
        for (const group of page.SecurityGroups ?? []) {
          if (group.GroupId) found.push({ id: group.GroupId, description: `security group ${group.GroupName}` });
        }
      }
      return found;
    },
  };
}
