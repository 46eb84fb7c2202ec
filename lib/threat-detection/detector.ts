import { RemovalPolicy } from 'aws-cdk-lib';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import { Construct } from 'constructs';
import type { RuntimeMonitoringMode } from './threat-detection-settings';

export interface PlatformDetectorProps {
  /** Feature `EKS_AUDIT_LOGS`: GuardDuty reads the clusters' audit logs itself. */
  readonly auditLogMonitoring: boolean;
  /** `platform` turns on feature `RUNTIME_MONITORING` without GuardDuty's add-on management; `off` turns it off. */
  readonly runtimeMonitoring: Exclude<RuntimeMonitoringMode, 'organization'>;
}

const status = (enabled: boolean) => (enabled ? 'ENABLED' : 'DISABLED');

/**
 * The account's GuardDuty detector for the region, for the one environment that owns it
 * (docs/adr/0010-guardduty-detector-ownership.md). RUNTIME_MONITORING covers EKS, so the older
 * EKS_RUNTIME_MONITORING is not set (GuardDuty refuses both). EKS_ADDON_MANAGEMENT stays
 * disabled: the platform pins the agent itself, and GuardDuty would otherwise install its own
 * on every cluster of the account, pull-request copies included. Kept on delete: removing an
 * environment must not switch off threat detection for the whole account.
 */
export class PlatformDetector extends Construct {
  readonly detector: guardduty.CfnDetector;

  constructor(scope: Construct, id: string, props: PlatformDetectorProps) {
    super(scope, id);
    this.detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      features: [
        { name: 'EKS_AUDIT_LOGS', status: status(props.auditLogMonitoring) },
        {
          name: 'RUNTIME_MONITORING',
          status: status(props.runtimeMonitoring === 'platform'),
          additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' }],
        },
      ],
    });
    this.detector.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
