import { describeComplianceGate } from './gate';

// A production environment as it is meant to be deployed: with a subscriber to its alarms
// (without one, synthesis warns, and the gate would report that warning).
describeComplianceGate('production', { alarmEmail: 'payments-oncall@example.com' });
