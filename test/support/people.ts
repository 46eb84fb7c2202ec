/**
 * The people the tests configure: a developer, viewer and deployer role for `dev` (baseline) and
 * for `prod` (restricted, the production-level tenant), none for `staging`, one auditor role and a
 * break-glass role. The control-plane suite, the template tests and the IAM access tests
 * synthesize with these settings.
 */
import { SAMPLE_ACCOUNT } from '../access/accounts';

export const personRole = (name: string, account = SAMPLE_ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;

export const PEOPLE_TENANTS = {
  dev: { developers: [personRole('DevDevelopers')], viewers: [personRole('DevViewers')], deployer: personRole('DevDeployer') },
  prod: { developers: [personRole('ProdDevelopers')], viewers: [personRole('ProdViewers')], deployer: personRole('ProdDeployer') },
} as const;
export const AUDITOR_ROLE = personRole('Auditors');
export const BREAK_GLASS_ROLE = personRole('BreakGlass');

/** Settings (CDK context) that add the people above to a profile's defaults. */
export const PEOPLE_SETTINGS: Readonly<Record<string, unknown>> = {
  tenants: PEOPLE_TENANTS,
  auditors: [AUDITOR_ROLE],
  breakGlassRoleArn: BREAK_GLASS_ROLE,
};
