import { describeAccess } from './access-suite';

describeAccess('ephemeral', {});
