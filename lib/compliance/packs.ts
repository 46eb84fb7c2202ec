import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';

/** The compliance gate: AWS Solutions, PCI DSS 3.2.1 and NIST 800-53 rev 5. */
export function addCompliancePacks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new PCIDSS321Checks(app), new NIST80053R5Checks(app));
}
