import { describeAccess } from './access-suite';

// Production as it is meant to be deployed: with a subscriber to the alarm topic.
describeAccess('production', { platformProfile: 'production', environmentSuffix: 'prod', alarmEmail: 'payments-oncall@example.com' });
