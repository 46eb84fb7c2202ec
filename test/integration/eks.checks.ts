import { strict as assert } from 'node:assert';
import { describe } from 'node:test';
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  Cluster,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  Nodegroup,
  paginateListNodegroups,
} from '@aws-sdk/client-eks';
import { parse as parseYaml } from 'yaml';
import { CONTROL_PLANE_LOG_TYPES, EKS_ADDONS } from './specification';
import { awsClients } from './support/clients';
import type { Deployment } from './support/deployment';
import { check } from './support/suite';

async function describeCluster(deployment: Deployment): Promise<Cluster> {
  const { cluster } = await awsClients(deployment).eks.send(new DescribeClusterCommand({ name: deployment.outputs.ClusterName }));
  assert.ok(cluster, `cluster ${deployment.outputs.ClusterName} not found`);
  return cluster;
}

async function nodeGroups(deployment: Deployment): Promise<Nodegroup[]> {
  const { eks } = awsClients(deployment);
  const clusterName = deployment.outputs.ClusterName;
  const names: string[] = [];
  for await (const page of paginateListNodegroups({ client: eks }, { clusterName })) names.push(...(page.nodegroups ?? []));
  return Promise.all(
    names.map(async (nodegroupName) => (await eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName }))).nodegroup!),
  );
}

async function addonConfiguration(deployment: Deployment, addonName: string) {
  const { addon } = await awsClients(deployment).eks.send(
    new DescribeAddonCommand({ clusterName: deployment.outputs.ClusterName, addonName }),
  );
  assert.ok(addon, `add-on ${addonName} is not installed`);
  return {
    status: addon.status,
    issues: addon.health?.issues ?? [],
    configuration: parseYaml(addon.configurationValues ?? '{}') ?? {},
    serviceAccountRoleArn: addon.serviceAccountRoleArn,
  };
}

export function eksChecks(): void {
  describe('EKS', () => {
    check('the cluster is ACTIVE', async (deployment) => {
      assert.equal((await describeCluster(deployment)).status, 'ACTIVE');
    });

    check('the cluster runs the configured Kubernetes version', async (deployment) => {
      assert.equal((await describeCluster(deployment)).version, deployment.config.kubernetesVersion);
    });

    check("the cluster's GuardDutyManaged tag says who runs the GuardDuty agent", async (deployment) => {
      // O10: "false" keeps GuardDuty's automated agent management off a cluster the platform pins (or runs none on).
      const expected = deployment.config.threatDetection.runtimeMonitoring === 'organization' ? 'true' : 'false';
      assert.equal((await describeCluster(deployment)).tags?.GuardDutyManaged, expected);
    });

    check('all five control-plane log types are enabled', async (deployment) => {
      const { logging } = await describeCluster(deployment);
      const enabled = (logging?.clusterLogging ?? []).filter((setup) => setup.enabled).flatMap((setup) => setup.types ?? []);
      assert.deepEqual([...enabled].sort(), [...CONTROL_PLANE_LOG_TYPES].sort());
    });

    check('secrets are envelope-encrypted with the platform key of the outputs', async (deployment) => {
      const { encryptionConfig = [] } = await describeCluster(deployment);
      const secrets = encryptionConfig.filter((entry) => entry.resources?.includes('secrets'));
      assert.equal(secrets.length, 1, `secrets encryption: ${JSON.stringify(encryptionConfig)}`);
      assert.equal(secrets[0].provider?.keyArn, deployment.outputs.KmsKeyArn);
    });

    check('the API endpoint access is as configured', async (deployment) => {
      const vpc = (await describeCluster(deployment)).resourcesVpcConfig;
      const { endpointAccess, publicAccessCidrs } = deployment.config;
      assert.equal(vpc?.endpointPublicAccess, endpointAccess !== 'private', 'public endpoint');
      assert.equal(vpc?.endpointPrivateAccess, true, 'private endpoint');
      if (endpointAccess !== 'private') assert.deepEqual([...(vpc?.publicAccessCidrs ?? [])].sort(), [...publicAccessCidrs].sort());
    });

    check('exactly three managed node groups, each in its own availability zone', async (deployment) => {
      const groups = await nodeGroups(deployment);
      assert.equal(groups.length, 3, `node groups: ${groups.map((group) => group.nodegroupName).join(', ')}`);
      const privateSubnets = deployment.outputs.PrivateSubnetIds.split(',');
      for (const group of groups) {
        assert.equal(group.subnets?.length, 1, `${group.nodegroupName} spans subnets ${group.subnets?.join(', ')}`);
        assert.ok(privateSubnets.includes(group.subnets[0]), `${group.nodegroupName} is in ${group.subnets[0]}, not a private subnet`);
      }
      const { Subnets = [] } = await awsClients(deployment).ec2.send(
        new DescribeSubnetsCommand({ SubnetIds: groups.map((group) => group.subnets![0]) }),
      );
      const zones = Subnets.map((subnet) => subnet.AvailabilityZone);
      assert.deepEqual([...zones].sort(), [...deployment.config.availabilityZones].sort());
    });

    check(
      'the node groups have the configured instance types, capacity type, scaling bounds and Kubernetes version',
      async (deployment) => {
        const { instanceTypes, capacityType, minSize, maxSize } = deployment.config.nodeGroups;
        for (const group of await nodeGroups(deployment)) {
          assert.deepEqual(group.instanceTypes, instanceTypes, `${group.nodegroupName} instance types`);
          assert.equal(group.capacityType, capacityType === 'spot' ? 'SPOT' : 'ON_DEMAND', `${group.nodegroupName} capacity type`);
          // The desired size is the Cluster Autoscaler's to move, between the configured bounds.
          const { desiredSize = -1, ...bounds } = group.scalingConfig ?? {};
          assert.deepEqual(bounds, { minSize, maxSize }, `${group.nodegroupName} scaling bounds`);
          assert.ok(desiredSize >= minSize && desiredSize <= maxSize, `${group.nodegroupName} desired size ${desiredSize}`);
          assert.equal(group.version, deployment.config.kubernetesVersion, `${group.nodegroupName} version`);
          assert.equal(group.updateConfig?.maxUnavailable, 1, `${group.nodegroupName} update configuration`);
        }
      },
    );

    check('every EKS add-on is ACTIVE at its pinned version', async (deployment) => {
      const { eks } = awsClients(deployment);
      // The runtime agent is the platform's only where the configuration says so (O10).
      const expected = EKS_ADDONS.filter(
        (name) => name !== 'aws-guardduty-agent' || deployment.config.threatDetection.runtimeMonitoring === 'platform',
      );
      const actual = await Promise.all(
        expected.map(async (addonName) => {
          const { addon } = await eks.send(new DescribeAddonCommand({ clusterName: deployment.outputs.ClusterName, addonName }));
          return [addonName, `${addon?.addonVersion} ${addon?.status}`];
        }),
      );
      const pinned = expected.map((name) => [name, `${deployment.config.addons[name].version} ACTIVE`]);
      assert.deepEqual(Object.fromEntries(actual), Object.fromEntries(pinned));
    });

    check('all node groups are ACTIVE', async (deployment) => {
      const groups = await nodeGroups(deployment);
      const notActive = groups.filter((group) => group.status !== 'ACTIVE');
      assert.deepEqual(
        notActive.map((group) => `${group.nodegroupName}: ${group.status} ${JSON.stringify(group.health?.issues ?? [])}`),
        [],
      );
    });

    check('the Container Insights add-on is ACTIVE and leaves container logs to our Fluent Bit', async (deployment) => {
      const addon = await addonConfiguration(deployment, 'amazon-cloudwatch-observability');
      assert.equal(addon.status, 'ACTIVE', JSON.stringify(addon.issues));
      // R3: its own Fluent Bit would ship every container log a second time, next to R4's.
      assert.equal(addon.configuration.containerLogs?.enabled, false, `configuration: ${JSON.stringify(addon.configuration)}`);
      // Since add-on 5.0.0 auto-monitoring would instrument tenants' workloads.
      const autoMonitor = addon.configuration.manager?.applicationSignals?.autoMonitor;
      assert.equal(autoMonitor?.monitorAllServices, false, `configuration: ${JSON.stringify(addon.configuration)}`);
    });

    check('the VPC CNI add-on is ACTIVE, enforces network policies and runs on its own IRSA role', async (deployment) => {
      const addon = await addonConfiguration(deployment, 'vpc-cni');
      assert.equal(addon.status, 'ACTIVE', JSON.stringify(addon.issues));
      // The tenants' default-deny NetworkPolicies are only enforced when the CNI's policy agent runs.
      assert.equal(String(addon.configuration.enableNetworkPolicy), 'true', `configuration: ${JSON.stringify(addon.configuration)}`);
      // The node role has no CNI rights; without this role aws-node could not assign pod addresses.
      assert.equal(addon.serviceAccountRoleArn, deployment.outputs.VpcCniRoleArn);
    });
  });
}
