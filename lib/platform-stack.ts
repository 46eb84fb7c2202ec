import { CfnOutput, Fn, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PeopleAccess } from './access';
import { CoreAddons } from './addons/core-addons';
import { ClusterAutoscaler } from './autoscaling/cluster-autoscaler';
import { PlatformCluster } from './cluster/platform-cluster';
import { ZONE_LABEL, ZonalNodeGroups } from './cluster/zonal-node-groups';
import type { PlatformConfig } from './config/load';
import { PlatformKey } from './keys/platform-key';
import { Ingress } from './ingress';
import { PlatformNetwork, VPC_CIDR } from './network/platform-network';
import { Observability } from './observability';
import { SecretsReader } from './secrets/secrets-reader';
import { SecretsStoreCsiDriver } from './secrets/secrets-store-csi-driver';
import { ownLambdaLogGroups } from './shared/lambda-log-groups';
import { LogGroupPolicy } from './shared/encrypted-log-group';
import { applyLogGroupDefaults } from './shared/log-group-defaults';
import { applyPlatformTags } from './shared/platform-tags';
import { Tenancy } from './tenancy';
import { ThreatDetection } from './threat-detection';
import { PLATFORM_EXEMPT_NAMESPACES } from './tenancy/platform-namespaces';

export interface PlatformStackProps extends StackProps {
  /** The validated configuration (loadConfig): every setting the constructs below are built from. */
  readonly config: PlatformConfig;
}

/** The stack's description: which profile and suffix a template was made with, for a reader of the console. */
export function platformStackDescription(config: PlatformConfig): string {
  return `Fintech EKS platform (${config.profile}, ${config.environmentSuffix})`;
}

/** The template's Metadata key recording the resolved settings it was built from. */
export const SETTINGS_METADATA_KEY = 'FintechEksPlatformSettings';

/**
 * The resolved settings as the template records them: a template in cdk.out can be checked
 * against the settings a tool means to use (`npm run cost`, the synth summary) instead of trusted.
 */
export function recordedSettings(config: PlatformConfig): Record<string, unknown> {
  const { names: _derivedFromSuffix, ...settings } = config;
  return JSON.parse(JSON.stringify(settings)) as Record<string, unknown>;
}

/**
 * The composition root: network -> key -> cluster -> node groups -> add-ons -> tenancy -> people -> secrets
 * -> threat detection, then the outputs. Each concern lives in its own construct; this class only wires them.
 */
export class PlatformStack extends Stack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, { description: platformStackDescription(props.config), ...props });
    const { config } = props;
    const { names } = config;
    this.templateOptions.metadata = { [SETTINGS_METADATA_KEY]: recordedSettings(config) };

    // R11: every taggable resource, including those CDK creates for us.
    applyPlatformTags(this, config.tags);

    // S7: every output is exported as Eks<key><suffix>.
    const output = (key: string, value: string, description: string) =>
      new CfnOutput(this, key, { value, description, exportName: names.exportName(key) });

    const platformKey = new PlatformKey(this, 'PlatformKey', {
      aliasName: names.kmsAlias,
      // The control-plane, flow-log, container, Container Insights and Lambda groups; the WAF's with public ingress.
      logGroupNamePatterns: [`/aws/*/${names.cluster}/*`, ...(config.ingress.publicCertificateArns ? [names.webAclLogGroup] : [])],
      retainOnDelete: config.retainOnDelete,
    });

    // Each construct sets its groups' retention and key from its props; a group created without
    // them (one CDK adds) gets the environment's. Every Lambda function, CDK's own included,
    // logs to a group the stack owns and cannot create one.
    const logGroups: LogGroupPolicy = {
      retentionDays: config.logRetentionDays,
      encryptionKey: platformKey.key,
      retainAuditTrailOnDelete: config.retainOnDelete,
    };
    applyLogGroupDefaults(this, logGroups);
    ownLambdaLogGroups(this, { logGroupNamePrefix: names.lambdaLogGroupPrefix, policy: logGroups });

    const network = new PlatformNetwork(this, 'Network', {
      availabilityZones: config.availabilityZones,
      natGateways: config.natGateways,
      interfaceEndpointZones: config.interfaceEndpointZones,
      flowLogGroupName: names.flowLogGroup,
      logGroups,
    });

    const { cluster } = new PlatformCluster(this, 'Cluster', {
      clusterName: names.cluster,
      kubernetesVersion: config.kubernetesVersion,
      vpc: network.vpc,
      privateSubnets: network.privateSubnets,
      egress: network.egress,
      secretsKey: platformKey.key,
      controlPlaneLogGroupName: names.controlPlaneLogGroup,
      logGroups,
      endpointAccess: config.endpointAccess,
      publicAccessCidrs: config.publicAccessCidrs,
      adminRoleArn: config.adminRoleArn,
    });

    const nodes = new ZonalNodeGroups(this, 'NodeGroups', {
      cluster,
      clusterName: names.cluster,
      kubernetesVersion: config.kubernetesVersion,
      subnets: network.privateSubnets,
      egress: network.egress,
      nodeGroupName: names.nodeGroup,
      ...config.nodeGroups,
    });

    // Every EKS add-on at the version the add-on table pins for this Kubernetes version (O4).
    new CoreAddons(this, 'CoreAddons', { cluster, addons: config.addons, nodeGroups: nodes.nodeGroups });

    // Node autoscaling within each zonal group's minSize..maxSize (O4).
    const autoscaler = new ClusterAutoscaler(this, 'ClusterAutoscaler', {
      cluster,
      clusterName: names.cluster,
      kubernetesVersion: config.kubernetesVersion,
      region: config.region,
      zoneLabel: ZONE_LABEL,
      nodeGroups: nodes.nodeGroups,
    });

    // Observability (R3, R4, R5, R7, R10, S3, S4): Container Insights, Fluent Bit fed from SSM, metrics-server, alarms.
    const observability = new Observability(this, 'Observability', {
      cluster,
      nodeGroups: nodes.nodeGroups,
      encryptionKey: platformKey.key,
      names: {
        cluster: names.cluster,
        containerLogGroup: names.containerLogGroup,
        containerInsightsLogGroup: names.containerInsightsLogGroup,
        fluentBitConfigParameter: names.fluentBitConfigParameter,
        fluentBitMetricNamespace: names.fluentBitMetricNamespace,
        alarmTopic: names.alarmTopic,
        alarmNamePrefix: names.alarmNamePrefix,
        dashboard: names.dashboard,
      },
      region: config.region,
      kubernetesVersion: config.kubernetesVersion,
      logGroups,
      alarmEmail: config.alarmEmail,
      expectAlarmSubscriber: config.profile === 'production',
      tags: config.tags,
      addons: config.addons,
    });

    // Tenancy and pod security (R8, R9, S1): restricted by default, quotas, network isolation.
    const tenancy = new Tenancy(this, 'Tenancy', {
      cluster,
      tenants: config.tenants,
      kubernetesVersion: config.kubernetesVersion,
      addons: config.addons,
    });
    // People (PCI DSS 7.2, 8.2.1): tenant and auditor roles reach the cluster through access
    // entries whose groups only the cluster's RBAC grants anything; break-glass pages on use.
    new PeopleAccess(this, 'PeopleAccess', {
      cluster,
      tenants: config.tenants,
      namespaces: tenancy.namespaces,
      auditors: config.auditors ?? [],
      breakGlassRoleArn: config.breakGlassRoleArn,
      breakGlassRuleName: names.breakGlassRule,
      clusterName: names.cluster,
      notifications: observability.alarms,
    });

    // Application secrets (PCI DSS 8.6.2, O9): tenant pods mount Secrets Manager secrets tagged for
    // their namespace and this cluster through the CSI driver, reading them with one Pod Identity role.
    const secrets = new SecretsReader(this, 'SecretsReader', {
      cluster,
      clusterName: names.cluster,
      namespaces: tenancy.namespaces,
    });
    new SecretsStoreCsiDriver(this, 'SecretsStoreCsiDriver', { cluster, addons: config.addons, nodeGroups: nodes.nodeGroups });

    // Threats seen (O10): GuardDuty's runtime agent and this cluster's findings on the alarm topic.
    new ThreatDetection(this, 'ThreatDetection', {
      cluster,
      clusterName: names.cluster,
      settings: config.threatDetection,
      vpc: network.vpc,
      endpointSubnets: network.interfaceEndpointSubnets,
      endpointSecurityGroup: network.endpointSecurityGroup,
      addons: config.addons,
      nodeGroups: nodes.nodeGroups,
      findingsRuleName: names.threatFindingsRule,
      notifications: observability.alarms,
    });

    // The node role has no CNI rights: aws-node must run on its IRSA role before the first node
    // joins, or the node never gets pod addresses and never becomes Ready.
    for (const group of nodes.nodeGroups) group.node.addDependency(tenancy.vpcCni);

    // Traffic in (O7): the load balancer controller, the platform's ingress classes and their admission policy.
    const ingress = new Ingress(this, 'Ingress', {
      cluster,
      clusterName: names.cluster,
      region: config.region,
      vpc: network.vpc,
      vpcCidr: VPC_CIDR,
      nodeSecurityGroup: nodes.nodeSecurityGroup,
      nodeGroups: nodes.nodeGroups,
      settings: config.ingress,
      exemptNamespaces: PLATFORM_EXEMPT_NAMESPACES,
      tenants: Object.entries(tenancy.namespaces).map(([name, namespace]) => ({ name, dependsOn: [namespace, tenancy.vpcCni] })),
      names: { webAcl: names.webAcl, webAclLogGroup: names.webAclLogGroup },
      logGroups,
    });

    output('ClusterName', cluster.clusterName, 'EKS cluster name');
    output('ClusterEndpoint', cluster.clusterEndpoint, 'Kubernetes API server endpoint');
    output('OIDCProviderArn', cluster.openIdConnectProvider.openIdConnectProviderArn, 'IAM OIDC provider for IRSA');
    output(
      'KubectlConfig',
      `aws eks update-kubeconfig --name ${names.cluster} --region ${config.region}`,
      'Command that writes a kubeconfig entry for the cluster',
    );
    output('VpcId', network.vpc.vpcId, 'VPC id');
    output(
      'PrivateSubnetIds',
      Fn.join(
        ',',
        network.privateSubnets.map((s) => s.subnetId),
      ),
      'Private subnet ids, comma-separated',
    );
    output('ClusterSecurityGroupId', cluster.clusterSecurityGroupId, 'EKS cluster security group id');
    output('NodeSecurityGroupId', nodes.nodeSecurityGroup.securityGroupId, 'Worker node security group id');
    output('KmsKeyArn', platformKey.key.keyArn, 'Platform KMS key ARN');
    // The integration suite derives what to expect (NAT count, retention, endpoint access) from these.
    output('EnvironmentSuffix', config.environmentSuffix, 'Environment suffix carried by every name');
    output('Profile', config.profile, 'Configuration profile: ephemeral or production');
    output('ContainerLogGroupName', observability.fluentBit.logGroup.logGroupName, 'CloudWatch log group of the container logs');
    output(
      'FluentBitConfigParameterName',
      observability.fluentBit.configParameter.parameterName,
      'SSM SecureString holding the Fluent Bit configuration',
    );
    output('FluentBitRoleArn', observability.fluentBit.role.roleArn, 'IRSA role of the Fluent Bit DaemonSet');
    output('VpcCniRoleArn', tenancy.vpcCniRole.roleArn, 'IRSA role of the VPC CNI add-on (aws-node)');
    output('SecretsReaderRoleArn', secrets.role.roleArn, 'Pod Identity role tenant pods read their tagged secrets with');
    output('ClusterAutoscalerRoleArn', autoscaler.role.roleArn, 'IRSA role of the Cluster Autoscaler');
    output(
      'DashboardName',
      observability.alarms.dashboard.dashboardName,
      'CloudWatch dashboard of cluster, node, namespace and log-shipping health',
    );
    output('LoadBalancerControllerRoleArn', ingress.controller.role.roleArn, 'IRSA role of the AWS Load Balancer Controller');
    if (ingress.webAcl) output('PublicWebAclArn', ingress.webAcl.webAcl.attrArn, 'Web ACL of the public ingress class');
    output('AlarmTopicArn', observability.alarms.topic.topicArn, 'SNS topic the platform alarms publish to');
  }
}
