import { strict as assert } from 'node:assert';
import { describe } from 'node:test';
import {
  DescribeMetricFiltersCommand,
  LogGroup,
  paginateDescribeLogGroups,
  TestMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { paginateDescribeFlowLogs, paginateDescribeNatGateways, paginateDescribeVpcEndpoints } from '@aws-sdk/client-ec2';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, paginateListAliases } from '@aws-sdk/client-kms';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import { FLUENT_BIT_LOG_LINES, fluentBitEvent } from '../support/fluent-bit-log-lines';
import { awsClients } from './support/clients';
import type { Deployment } from './support/deployment';
import { check } from './support/suite';

/**
 * S5, plus STS for IRSA and Secrets Manager for the secrets provider (O9): the gateway endpoint and
 * the interface endpoints every environment has, by service.
 */
const VPC_ENDPOINTS: Record<string, 'Gateway' | 'Interface'> = {
  s3: 'Gateway',
  logs: 'Interface',
  'ecr.api': 'Interface',
  'ecr.dkr': 'Interface',
  sts: 'Interface',
  secretsmanager: 'Interface',
};

/** O10: where the platform runs the GuardDuty agent, the endpoint it reports through. */
const GUARDDUTY_ENDPOINT = 'guardduty-data';

async function logGroupsUnder(deployment: Deployment, prefix: string): Promise<LogGroup[]> {
  const groups: LogGroup[] = [];
  for await (const page of paginateDescribeLogGroups({ client: awsClients(deployment).logs }, { logGroupNamePrefix: prefix })) {
    groups.push(...(page.logGroups ?? []));
  }
  return groups;
}

/** The key's ARN, whichever form (id, ARN, alias) a service reports it in. */
async function keyArnOf(deployment: Deployment, keyId: string): Promise<string | undefined> {
  const { KeyMetadata } = await awsClients(deployment).kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  return KeyMetadata?.Arn;
}

export function awsResourceChecks(): void {
  describe('AWS resources', () => {
    check('the platform key rotates automatically', async (deployment) => {
      const status = await awsClients(deployment).kms.send(new GetKeyRotationStatusCommand({ KeyId: deployment.outputs.KmsKeyArn }));
      assert.equal(status.KeyRotationEnabled, true);
    });

    check('the platform key has the alias eks-secrets-<suffix>, without a doubled prefix', async (deployment) => {
      const aliases: string[] = [];
      for await (const page of paginateListAliases({ client: awsClients(deployment).kms }, { KeyId: deployment.outputs.KmsKeyArn })) {
        aliases.push(...(page.Aliases ?? []).map((alias) => alias.AliasName ?? ''));
      }
      assert.deepEqual(aliases, [`alias/eks-secrets-${deployment.config.environmentSuffix}`]);
    });

    check(
      'every log group of the environment keeps logs for the profile retention, encrypted with the platform key',
      async (deployment) => {
        const { names } = deployment.config;
        const { logRetentionDays } = deployment.expected;
        const prefixes = [
          `/aws/eks/${names.cluster}/`,
          `/aws/vpc/${names.cluster}/`,
          `/aws/containerinsights/${names.cluster}/`,
          `/aws/lambda/${names.cluster}/`,
        ];
        const groups = (await Promise.all(prefixes.map((prefix) => logGroupsUnder(deployment, prefix)))).flat();
        const found = groups.map((group) => group.logGroupName);
        const expectedGroups = [
          names.controlPlaneLogGroup,
          names.flowLogGroup,
          deployment.outputs.ContainerLogGroupName,
          names.containerInsightsLogGroup,
        ];
        for (const expected of expectedGroups) {
          assert.ok(found.includes(expected), `log group ${expected} is missing; found ${found.join(', ')}`);
        }
        const wrong = groups
          .filter((group) => group.retentionInDays !== logRetentionDays || group.kmsKeyId !== deployment.outputs.KmsKeyArn)
          .map((group) => `${group.logGroupName}: retention ${group.retentionInDays ?? 'never expires'}, key ${group.kmsKeyId ?? 'none'}`);
        assert.deepEqual(wrong, [], `expected ${logRetentionDays} days and ${deployment.outputs.KmsKeyArn}`);
      },
    );

    check('the Fluent Bit configuration parameter is a SecureString under the platform key', async (deployment) => {
      const name = deployment.outputs.FluentBitConfigParameterName;
      const { Parameters = [] } = await awsClients(deployment).ssm.send(
        new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }] }),
      );
      assert.equal(Parameters.length, 1, `parameter ${name} not found`);
      const [parameter] = Parameters;
      assert.equal(parameter.Type, 'SecureString');
      assert.ok(parameter.KeyId, `${name} names no key`);
      assert.equal(await keyArnOf(deployment, parameter.KeyId), deployment.outputs.KmsKeyArn);
    });

    check("the Fluent Bit metric filters count what the unit tests say, by CloudWatch Logs' own reading", async (deployment) => {
      const { logs } = awsClients(deployment);
      const logGroupName = deployment.config.names.containerLogGroup;
      const { metricFilters = [] } = await logs.send(new DescribeMetricFiltersCommand({ logGroupName }));
      const patternOf = (metricName: string) => {
        const filter = metricFilters.find((f) => f.metricTransformations?.some((t) => t.metricName === metricName));
        assert.ok(filter?.filterPattern !== undefined, `${logGroupName} has no metric filter for ${metricName}`);
        return filter.filterPattern;
      };
      const wrong: string[] = [];
      for (const { what, counted, line } of FLUENT_BIT_LOG_LINES) {
        for (const [metricName, expected] of Object.entries(counted)) {
          const result = await logs.send(
            new TestMetricFilterCommand({ filterPattern: patternOf(metricName), logEventMessages: [fluentBitEvent(line)] }),
          );
          const matched = (result.matches ?? []).length > 0;
          if (matched !== expected) wrong.push(`${what}: ${metricName} ${matched ? 'counts' : 'does not count'} it`);
        }
      }
      assert.deepEqual(wrong, []);
    });

    check('the VPC endpoints (S3, Logs, ECR API, ECR Docker, STS, Secrets Manager; GuardDuty) are available', async (deployment) => {
      const endpoints: Record<string, string> = {};
      const filter = { Filters: [{ Name: 'vpc-id', Values: [deployment.outputs.VpcId] }] };
      for await (const page of paginateDescribeVpcEndpoints({ client: awsClients(deployment).ec2 }, filter)) {
        for (const endpoint of page.VpcEndpoints ?? []) {
          const service = endpoint.ServiceName?.replace(`com.amazonaws.${deployment.region}.`, '') ?? '?';
          const dns = endpoint.VpcEndpointType === 'Interface' ? `, private DNS ${endpoint.PrivateDnsEnabled ? 'on' : 'off'}` : '';
          endpoints[service] = `${endpoint.VpcEndpointType} ${endpoint.State?.toLowerCase()}${dns}`;
        }
      }
      const runtimeAgent = deployment.config.threatDetection.runtimeMonitoring === 'platform';
      const expected = Object.fromEntries(
        Object.entries({ ...VPC_ENDPOINTS, ...(runtimeAgent ? { [GUARDDUTY_ENDPOINT]: 'Interface' } : {}) }).map(([service, type]) => [
          service,
          type === 'Interface' ? `${type} available, private DNS on` : `${type} available`,
        ]),
      );
      assert.deepEqual(endpoints, expected);
    });

    check('the VPC has as many NAT gateways as the profile asks for', async (deployment) => {
      let available = 0;
      const filter = {
        Filter: [
          { Name: 'vpc-id', Values: [deployment.outputs.VpcId] },
          { Name: 'state', Values: ['available'] },
        ],
      };
      for await (const page of paginateDescribeNatGateways({ client: awsClients(deployment).ec2 }, filter)) {
        available += page.NatGateways?.length ?? 0;
      }
      assert.equal(available, deployment.expected.natGateways, `${deployment.outputs.Profile} profile`);
    });

    check('VPC flow logs are active and deliver all traffic to the flow-log group', async (deployment) => {
      const filter = { Filter: [{ Name: 'resource-id', Values: [deployment.outputs.VpcId] }] };
      const flowLogs = [];
      for await (const page of paginateDescribeFlowLogs({ client: awsClients(deployment).ec2 }, filter))
        flowLogs.push(...(page.FlowLogs ?? []));
      assert.deepEqual(
        flowLogs.map((flowLog) => ({
          status: flowLog.FlowLogStatus,
          delivery: flowLog.DeliverLogsStatus,
          traffic: flowLog.TrafficType,
          group: flowLog.LogGroupName,
        })),
        [{ status: 'ACTIVE', delivery: 'SUCCESS', traffic: 'ALL', group: deployment.config.names.flowLogGroup }],
      );
    });
  });
}
