import { describeAccess } from './access-suite';

describeAccess('production', { profile: 'production', environmentSuffix: 'prod' });
