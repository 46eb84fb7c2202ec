import { describeAccess } from './access-suite';

describeAccess('production', { platformProfile: 'production', environmentSuffix: 'prod' });
