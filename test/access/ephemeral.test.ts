import { PEOPLE_SETTINGS } from '../support/people';
import { describeAccess } from './access-suite';

// With people: the break-glass rule is what the EventBridge rows ask about.
describeAccess('ephemeral', PEOPLE_SETTINGS);
