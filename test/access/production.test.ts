import { PEOPLE_SETTINGS } from '../support/people';
import { describeAccess } from './access-suite';

// Production as it is meant to be deployed: with a subscriber to the alarm topic, and people.
describeAccess('production', {
  platformProfile: 'production',
  environmentSuffix: 'prod',
  alarmEmail: 'payments-oncall@example.com',
  ...PEOPLE_SETTINGS,
});
