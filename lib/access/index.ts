import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import type { RuleNotifications } from '../shared/rule-notifications';
import { PeopleAccessEntries } from './access-entries';
import { BreakGlassAlarm } from './break-glass-alarm';
import { anyPeople, TenantAccess } from './people';
import { TenantRbac } from './tenant-rbac';

export interface PeopleAccessProps {
  /** The cluster (authentication mode API) people are admitted to. */
  readonly cluster: eks.ICluster;
  /** Namespace name to its people and its Pod Security level. */
  readonly tenants: Readonly<Record<string, TenantAccess>>;
  /** Namespace name to the manifest that creates it. */
  readonly namespaces: Readonly<Record<string, IDependable>>;
  /** Roles that read the whole cluster except Secrets. */
  readonly auditors: readonly string[];
  /**
   * The emergency cluster-admin role.
   * @default none: no break-glass entry and no alarm
   */
  readonly breakGlassRoleArn?: string;
  /** Name of the rule that alarms when the break-glass role is assumed. */
  readonly breakGlassRuleName: string;
  /** The cluster's name, in the alarm's message. */
  readonly clusterName: string;
  /** The alarm topic. */
  readonly notifications: RuleNotifications;
}

/**
 * How people reach the cluster: access entries that name Kubernetes groups, the RBAC that gives
 * those groups their rights, and a break-glass admin whose use raises an alarm. With no person
 * configured it adds nothing.
 */
export class PeopleAccess extends Construct {
  constructor(scope: Construct, id: string, props: PeopleAccessProps) {
    super(scope, id);
    new PeopleAccessEntries(this, 'Entries', {
      cluster: props.cluster,
      tenants: props.tenants,
      auditors: props.auditors,
      breakGlassRoleArn: props.breakGlassRoleArn,
    });
    if (anyPeople(props.tenants, props.auditors)) {
      new TenantRbac(this, 'Rbac', {
        cluster: props.cluster,
        tenants: props.tenants,
        namespaces: props.namespaces,
        auditors: props.auditors.length > 0,
      });
    }
    if (props.breakGlassRoleArn) {
      new BreakGlassAlarm(this, 'BreakGlassAlarm', {
        breakGlassRoleArn: props.breakGlassRoleArn,
        ruleName: props.breakGlassRuleName,
        clusterName: props.clusterName,
        notifications: props.notifications,
      });
    }
  }
}
