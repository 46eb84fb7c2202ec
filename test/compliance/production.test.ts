import { describeComplianceGate } from './gate';
import { PEOPLE_SETTINGS } from '../support/people';

// A production environment as it is meant to be deployed: with a subscriber to its alarms
// (without one, synthesis warns, and the gate would report that warning), with people:
// tenant and auditor access entries, their RBAC and the break-glass alarm, and with TLS on its
// internal ingress and public ingress behind the web ACL, so the gate sees the WAF and its logs;
// and owning the account's GuardDuty detector, so the gate sees it.
const certificate = 'arn:aws:acm:ap-southeast-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
describeComplianceGate('production', {
  alarmEmail: 'payments-oncall@example.com',
  ...Object.fromEntries(
    Object.entries(PEOPLE_SETTINGS).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  ),
  ingress: JSON.stringify({ internal: { certificateArn: certificate }, public: { enabled: true, certificateArns: [certificate] } }),
  threatDetection: JSON.stringify({ ownDetector: true }),
});
