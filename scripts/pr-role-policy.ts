import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * The identity policy of the pull-request workflow's role (examples/github-workflows/pr-environment.yml):
 * what the CDK CLI, the lifecycle scripts and the integration suite need with the role's own
 * credentials, scoped to the environments the role deploys. A template; `{{Account}}`,
 * `{{Region}}` and `{{EnvironmentSuffix}}` are filled in by `renderRolePolicy`.
 */
export const ROLE_POLICY_TEMPLATE = join(__dirname, '..', 'examples', 'github-workflows', 'pr-environment-role-policy.json');

/** The suffixes of the workflow's environments: `pr-<number>` (IAM wildcards cannot say "digits"). */
export const PULL_REQUEST_SUFFIXES = 'pr-*';

export interface RolePolicyParameters {
  readonly account: string;
  readonly region: string;
  /** One environment's suffix, or a pattern of suffixes with `*` (IAM's wildcard). */
  readonly environmentSuffix: string;
}

const RULES: Record<keyof RolePolicyParameters, { readonly pattern: RegExp; readonly allowed: string }> = {
  account: { pattern: /^\d{12}$/, allowed: 'a 12-digit AWS account id' },
  region: { pattern: /^[a-z]{2}(-[a-z]+)+-\d$/, allowed: 'an AWS region name such as ap-southeast-1' },
  environmentSuffix: {
    pattern: /^[a-z0-9*]([a-z0-9*-]*[a-z0-9*])?$/,
    allowed: 'an environment suffix (lowercase letters, digits, hyphens), or a pattern of them with *',
  },
};

/** The policy document for these parameters; refuses a bad parameter, naming it, its value and what is allowed. */
export function renderRolePolicy(parameters: RolePolicyParameters): { Version: string; Statement: Record<string, unknown>[] } {
  for (const [key, rule] of Object.entries(RULES) as [keyof RolePolicyParameters, (typeof RULES)[keyof RolePolicyParameters]][]) {
    if (!rule.pattern.test(parameters[key])) throw new Error(`"${key}" is ${JSON.stringify(parameters[key])}; allowed: ${rule.allowed}`);
  }
  const values: Record<string, string> = {
    Account: parameters.account,
    Region: parameters.region,
    EnvironmentSuffix: parameters.environmentSuffix,
  };
  const text = readFileSync(ROLE_POLICY_TEMPLATE, 'utf8').replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${ROLE_POLICY_TEMPLATE}: unknown placeholder ${placeholder}`);
    return value;
  });
  return JSON.parse(text) as { Version: string; Statement: Record<string, unknown>[] };
}

// `npm run -s policy:pr-role -- --account 123456789012 [--region ap-southeast-1] [--suffix 'pr-*']`
if (require.main === module) {
  try {
    const { values } = parseArgs({
      options: {
        account: { type: 'string' },
        region: { type: 'string', default: 'ap-southeast-1' },
        suffix: { type: 'string', default: PULL_REQUEST_SUFFIXES },
      },
      strict: true,
    });
    if (values.account === undefined) throw new Error('--account is required: the 12-digit id of the account the workflow deploys to');
    const policy = renderRolePolicy({ account: values.account, region: values.region, environmentSuffix: values.suffix });
    console.log(JSON.stringify(policy, null, 2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
