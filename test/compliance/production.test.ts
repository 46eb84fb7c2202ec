import { describeComplianceGate } from './gate';
import { PEOPLE_SETTINGS } from '../support/people';

// A production environment as it is meant to be deployed: with a subscriber to its alarms
// (without one, synthesis warns, and the gate would report that warning), and with people:
// tenant and auditor access entries, their RBAC and the break-glass alarm.
describeComplianceGate('production', {
  alarmEmail: 'payments-oncall@example.com',
  ...Object.fromEntries(
    Object.entries(PEOPLE_SETTINGS).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  ),
});
