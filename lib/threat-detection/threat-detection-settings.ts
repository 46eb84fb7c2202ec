/**
 * Who runs the GuardDuty runtime agent on this cluster:
 * - `platform`: the stack installs the `aws-guardduty-agent` add-on at the pinned version and the
 *   `guardduty-data` endpoint it reports through, and tags the cluster so that GuardDuty's own
 *   automated agent management leaves it alone;
 * - `organization`: GuardDuty's automated agent configuration (set by the organization's
 *   delegated administrator) installs and updates both; the stack only tags the cluster in;
 * - `off`: no agent, and the cluster is tagged out of automated agent management.
 */
export const RUNTIME_MONITORING_MODES = ['platform', 'organization', 'off'] as const;
export type RuntimeMonitoringMode = (typeof RUNTIME_MONITORING_MODES)[number];

/** What the configuration decides about GuardDuty for this cluster (O10). */
export interface ThreatDetectionSettings {
  /**
   * Whether GuardDuty analyses the cluster's Kubernetes audit log (detector feature
   * `EKS_AUDIT_LOGS`). GuardDuty has no per-cluster switch for it: with `ownDetector` the stack
   * sets it on the detector; otherwise it states what the account's detector does, for the cost
   * report and the findings rule.
   */
  readonly auditLogMonitoring: boolean;
  /** Who runs the runtime agent on the cluster's nodes. */
  readonly runtimeMonitoring: RuntimeMonitoringMode;
  /**
   * Whether this stack creates the account's GuardDuty detector for its region. An account has
   * one detector per region: only one long-lived environment may own it, and it is kept when
   * the stack is deleted. Otherwise the detector must exist already (organization-managed or
   * created once), and the stack only adds what belongs to this cluster.
   */
  readonly ownDetector: boolean;
}
