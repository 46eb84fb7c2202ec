import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Deployment } from './deployment';

export interface AwsClients {
  readonly eks: EKSClient;
  readonly kms: KMSClient;
  readonly logs: CloudWatchLogsClient;
  readonly ssm: SSMClient;
  readonly ec2: EC2Client;
}

const made = new WeakMap<Deployment, AwsClients>();

/** SDK v3 clients in the deployment's region, with the credentials the suite found. */
export function awsClients(deployment: Deployment): AwsClients {
  let clients = made.get(deployment);
  if (!clients) {
    const settings = { region: deployment.region, credentials: deployment.credentials };
    clients = {
      eks: new EKSClient(settings),
      kms: new KMSClient(settings),
      logs: new CloudWatchLogsClient(settings),
      ssm: new SSMClient(settings),
      ec2: new EC2Client(settings),
    };
    made.set(deployment, clients);
  }
  return clients;
}
