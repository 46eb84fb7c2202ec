import { describeComplianceGate } from './gate';

describeComplianceGate('production');
