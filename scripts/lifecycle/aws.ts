import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  paginateDescribeLogGroups,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeVpcsCommand, EC2Client, paginateDescribeNetworkInterfaces, paginateDescribeSecurityGroups } from '@aws-sdk/client-ec2';
import type { EnvironmentAws, NetworkLeftover } from './leftovers';

const STACK_NAME_TAG = 'aws:cloudformation:stack-name';
const EKS_CLUSTER_TAG = 'aws:eks:cluster-name';

/** The AWS SDK clients the lifecycle scripts call, all in the stack's region. */
export interface LifecycleClients {
  readonly cloudFormation: CloudFormationClient;
  readonly logs: CloudWatchLogsClient;
  readonly ec2: EC2Client;
}

/** Clients in one region with the SDK's default credentials. */
export function lifecycleClients(region: string): LifecycleClients {
  return {
    cloudFormation: new CloudFormationClient({ region }),
    logs: new CloudWatchLogsClient({ region }),
    ec2: new EC2Client({ region }),
  };
}

/** The calls of EnvironmentAws, made with these clients. */
export function awsEnvironment({ cloudFormation, logs, ec2 }: LifecycleClients): EnvironmentAws {
  return {
    async stackExists(stackName) {
      try {
        const { Stacks = [] } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
        return Stacks.some((stack) => stack.StackStatus !== 'DELETE_COMPLETE');
      } catch (error) {
        if (/does not exist/.test((error as Error).message)) return false;
        throw error;
      }
    },

    async logGroups(prefix) {
      const names: string[] = [];
      for await (const page of paginateDescribeLogGroups({ client: logs }, { logGroupNamePrefix: prefix })) {
        for (const group of page.logGroups ?? []) if (group.logGroupName) names.push(group.logGroupName);
      }
      return names;
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
      ]) {
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
  };
}
