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
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ClusterAccess, eksClusterAccess } from '../eks/cluster-access';
import type { DeployedTemplate, EnvironmentAws, LogGroup, NetworkLeftover } from './leftovers';
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
  };
}

/** CloudFormation's answer for a stack name it does not know (a deleted stack is looked up by name as unknown). */
function isMissingStack(error: unknown): boolean {
  return (error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message);
}

/**
 * The calls of EnvironmentAws, made with these clients; `readBudgets` reads a cluster's
 * PodDisruptionBudgets through its Kubernetes API.
 */
export function awsEnvironment(
  { sts, cloudFormation, logs, ec2, eks }: LifecycleClients,
  readBudgets: (access: ClusterAccess) => Promise<DisruptionBudget[]> = readDisruptionBudgets,
): EnvironmentAws {
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
      return readBudgets(await eksClusterAccess(eks, clusterName, await eks.config.credentials()));
    },
  };
}
