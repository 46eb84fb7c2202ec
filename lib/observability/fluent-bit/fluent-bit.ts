import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { createEncryptedLogGroup, LogGroupPolicy, writeToLogGroupStatement } from '../../shared/encrypted-log-group';
import { createIrsaRole } from '../../shared/irsa-role';
import { FluentBitConfig, fluentBitConfigFile } from './config';
import { SecureStringParameter } from './config-parameter';
import { FLUENT_BIT_NAME, fluentBitManifests } from './manifests';

export interface FluentBitProps {
  /** The cluster the DaemonSet runs on; its OIDC provider is what Fluent Bit's IRSA role trusts. */
  readonly cluster: eks.ICluster;
  /** The namespace created for the DaemonSet and its service account. */
  readonly namespace: string;
  /** Minor version the namespace's Pod Security labels are pinned to, e.g. `"1.36"`. */
  readonly kubernetesVersion: string;
  /** The region of the log group and the parameter: the pods call CloudWatch Logs and SSM there, and KMS only through SSM there. */
  readonly region: string;
  /** The group container logs are shipped to, which Fluent Bit may write and nothing else. */
  readonly logGroupName: string;
  /** Retention, key and deletion rules of the stack's log groups. */
  readonly logGroups: LogGroupPolicy;
  /** Encrypts the configuration parameter. */
  readonly encryptionKey: kms.IKey;
  /** The rendered configuration: stored in the parameter, its hash in the pod template. */
  readonly config: FluentBitConfig;
  /** Name of the SSM SecureString parameter the pods load the configuration from. */
  readonly configParameterName: string;
  /** Set on the configuration parameter, which stack tags do not reach. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Container logs to CloudWatch Logs (R4, R5, R10, S3, S4): the log group the stack owns, the
 * configuration as an SSM SecureString, and the DaemonSet whose pods load it from there on an
 * IRSA role that can do nothing else.
 */
export class FluentBit extends Construct {
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  readonly configParameter: SecureStringParameter;
  readonly manifest: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: FluentBitProps) {
    super(scope, id);
    this.logGroup = createEncryptedLogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      policy: props.logGroups,
      auditTrail: true,
    });

    this.configParameter = new SecureStringParameter(this, 'ConfigParameter', {
      parameterName: props.configParameterName,
      valueFile: fluentBitConfigFile(props.config),
      description: `Fluent Bit configuration of ${props.logGroupName}'s shipper (lib/observability/fluent-bit/fluent-bit.conf)`,
      encryptionKey: props.encryptionKey,
      tags: props.tags,
    });

    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Fluent Bit: write to its one log group, read its one configuration parameter, decrypt it through SSM only',
      statements: [
        writeToLogGroupStatement(this.logGroup, 'WriteItsLogGroup'),
        new iam.PolicyStatement({
          sid: 'ReadItsConfiguration',
          actions: ['ssm:GetParameter'],
          resources: [this.configParameter.parameterArn],
        }),
        new iam.PolicyStatement({
          sid: 'DecryptItsConfigurationThroughSsm',
          actions: ['kms:Decrypt'],
          resources: [props.encryptionKey.keyArn],
          conditions: {
            StringEquals: {
              'kms:ViaService': `ssm.${props.region}.amazonaws.com`,
              'kms:EncryptionContext:PARAMETER_ARN': this.configParameter.parameterArn,
            },
          },
        }),
      ],
    });
    this.role = createIrsaRole(this, 'Role', {
      cluster: props.cluster,
      namespace: props.namespace,
      serviceAccountName: FLUENT_BIT_NAME,
      description: 'IRSA role of the Fluent Bit DaemonSet',
      managedPolicies: [policy],
    });

    const objects = fluentBitManifests({
      namespace: props.namespace,
      kubernetesVersion: props.kubernetesVersion,
      roleArn: this.role.roleArn,
      region: props.region,
      configParameterName: props.configParameterName,
      configSha256: props.config.sha256,
    });

    const namespace = props.cluster.addManifest('FluentBitNamespace', objects.namespace.toJSON() as Record<string, unknown>);
    this.manifest = props.cluster.addManifest(
      'FluentBit',
      objects.serviceAccount.toJSON() as Record<string, unknown>,
      objects.clusterRole.toJSON() as Record<string, unknown>,
      objects.clusterRoleBinding.toJSON() as Record<string, unknown>,
      objects.daemonSet.toJSON() as Record<string, unknown>,
    );
    // The pods start writing as soon as they run: the group, the parameter they load and the
    // role they load it with must exist first (and, on destroy, outlive them).
    this.manifest.node.addDependency(namespace, this.logGroup, this.configParameter, policy);
  }
}
