import { describeComplianceGate } from './gate';

describeComplianceGate('ephemeral');
