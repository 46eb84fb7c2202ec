import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PULL_REQUEST_SUFFIXES, renderRolePolicy } from '../../scripts/pr-role-policy';
import { deployStack } from '../../scripts/lifecycle/deploy';
import { destroyStack, SETTLE_WINDOW_MS } from '../../scripts/lifecycle/destroy';
import { SAMPLE_ACCOUNT } from '../access/accounts';
import { loadPlatform } from '../access/platform';
import { RecordedCall, StandInAccount } from '../lifecycle/support/stand-in-account';
import { bootstrapTrustPolicies } from '../support/access/cdk-bootstrap';
import { evaluate, type ConcreteRequest } from '../support/access/evaluate';
import { lazily, synthesize } from '../support/synth';

/**
 * The pull-request workflow's role (examples/github-workflows/pr-environment-role-policy.json),
 * evaluated with iam-simulate: it allows every call the workflow makes with the role's own
 * credentials (the CDK CLI assuming the bootstrap roles, the lifecycle scripts, the integration
 * suite), and no deletion of another environment's log groups.
 */
const ROOT = join(__dirname, '..', '..');
const REGION = 'ap-southeast-1';
const workflow = parse(readFileSync(join(ROOT, 'examples/github-workflows/pr-environment.yml'), 'utf8'));
/** The workflow's suffix of pull request 42. */
const SUFFIX = String(workflow.env.ENVIRONMENT_SUFFIX).replace('${{ github.event.pull_request.number }}', '42');
const settings = { environmentSuffix: SUFFIX, platformProfile: 'ephemeral', region: REGION };
const ARGS = Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]);

const policy = {
  name: 'pr-environment-role-policy.json',
  policy: renderRolePolicy({ account: SAMPLE_ACCOUNT, region: REGION, environmentSuffix: PULL_REQUEST_SUFFIXES }),
};
// Synthesized inside the tests (lazily): synthesized while the file loads, the platform would be
// read once, before any mutant is switched on, and stale for every mutant of a mutation run.
const platform = lazily(() => loadPlatform(settings));
const PRINCIPAL = `arn:aws:sts::${SAMPLE_ACCOUNT}:assumed-role/pr-environment/pr-environment-42`;
/** No permission is needed: AWS answers GetCallerIdentity even when a policy denies it. */
const NEEDS_NO_PERMISSION = ['sts:GetCallerIdentity'];

const SDK_SERVICES: Record<string, string> = {
  'cloudwatch-logs': 'logs',
  'elastic-load-balancing-v2': 'elasticloadbalancing',
  ec2: 'ec2',
  eks: 'eks',
  kms: 'kms',
  ssm: 'ssm',
  cloudformation: 'cloudformation',
  sts: 'sts',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The AWS API calls in the code the workflow runs with the role: every SDK command sent and every paginator used. */
function callsInCode(): Set<string> {
  const calls = new Set<string>();
  for (const file of ['scripts/lifecycle', 'scripts/eks', 'test/integration'].flatMap((dir) => filesUnder(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const [, names, client] of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([\w-]+)'/g)) {
      for (const name of names.split(',').map((n) => n.trim().replace(/^type\s+/, ''))) {
        const command = /^(\w+)Command$/.exec(name)?.[1];
        const paginated = /^paginate(\w+)$/.exec(name)?.[1];
        if (command && text.includes(`new ${name}(`)) calls.add(`${SDK_SERVICES[client]}:${command}`);
        if (paginated && text.includes(`${name}(`)) calls.add(`${SDK_SERVICES[client]}:${paginated}`);
      }
    }
  }
  return calls;
}

/** The calls the workflow's deploy and destroy steps make against the stand-in account, in the cases they meet. */
async function recordedLifecycleCalls(): Promise<RecordedCall[]> {
  const { names } = platform();
  const account = new StandInAccount({
    account: SAMPLE_ACCOUNT,
    eksWritesAgainAfterMs: SETTLE_WINDOW_MS + 60_000,
    eniReleasedAfterMs: 120_000,
  });
  const deps = account.commandDeps();
  const step = [...ARGS, '--purge', '--yes'];
  expect(await deployStack([...step, '--require-approval', 'never'], deps)).toBe(0);
  // The sample service the integration suite deploys, left behind: destroy removes its load balancer first.
  account.expose(names.cluster, { kind: 'Ingress', namespace: 'dev', name: 'payments-api' });
  expect(await destroyStack(step, deps)).toEqual({ status: 0, stackGone: true });
  account.advance(120_000); // EKS writes the control plane's group again, after the wait
  expect(await destroyStack(step, deps)).toEqual({ status: 0, stackGone: true }); // deletes it (--purge)
  expect(await deployStack([...step, '--require-approval', 'never'], deps)).toBe(0);
  expect(account.calls.map((call) => call.action)).toEqual(
    expect.arrayContaining(['DeleteLogGroup', 'ListTagsForResource', 'GetTemplate', 'DescribeTags']),
  );
  return account.calls;
}

/** The integration suite's calls, with the parameters its code gives them (test/integration). */
function integrationSuiteCalls(): RecordedCall[] {
  const { names, keyArn } = platform();
  const clusterName = names.cluster;
  return [
    { service: 'eks', action: 'DescribeCluster', input: { name: clusterName } },
    { service: 'eks', action: 'ListNodegroups', input: { clusterName } },
    { service: 'eks', action: 'DescribeNodegroup', input: { clusterName, nodegroupName: names.nodeGroup(`${REGION}a`) } },
    { service: 'eks', action: 'DescribeAddon', input: { clusterName, addonName: 'vpc-cni' } },
    ...['DescribeSubnets', 'DescribeFlowLogs', 'DescribeNatGateways', 'DescribeVpcEndpoints'].map((action) => ({
      service: 'ec2',
      action,
      input: {},
    })),
    { service: 'kms', action: 'DescribeKey', input: { KeyId: keyArn } },
    { service: 'kms', action: 'GetKeyRotationStatus', input: { KeyId: keyArn } },
    { service: 'kms', action: 'ListAliases', input: {} },
    { service: 'ssm', action: 'DescribeParameters', input: {} },
    { service: 'logs', action: 'DescribeLogGroups', input: { logGroupNamePrefix: names.logGroupPrefixes[0] } },
    { service: 'logs', action: 'FilterLogEvents', input: { logGroupName: names.containerLogGroup } },
    { service: 'logs', action: 'DescribeMetricFilters', input: { logGroupName: names.containerLogGroup } },
    { service: 'logs', action: 'TestMetricFilter', input: {} },
  ];
}

/** The request IAM evaluates for one call: the action, the resource it names and the context AWS adds. */
function requestOf(call: RecordedCall): ConcreteRequest | undefined {
  const action = `${call.service}:${call.action}`;
  if (NEEDS_NO_PERMISSION.includes(action)) return undefined;
  const base = { principal: PRINCIPAL, action, identityPolicies: [policy], context: { 'aws:RequestedRegion': REGION } };
  const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${SAMPLE_ACCOUNT}:${resource}`;
  const { input } = call;
  const { names } = platform();
  switch (action) {
    case 'cloudformation:DescribeStacks':
    case 'cloudformation:GetTemplate':
      return { ...base, resource: arn('cloudformation', `stack/${input.StackName}/5f8a7e40-0000-11f0-a000-0a1b2c3d4e5f`) };
    case 'logs:ListTagsForResource':
      return { ...base, resource: input.resourceArn };
    case 'logs:DeleteLogGroup':
    case 'logs:FilterLogEvents':
    case 'logs:DescribeMetricFilters':
      return { ...base, resource: arn('logs', `log-group:${input.logGroupName}`) };
    case 'eks:DescribeCluster':
      return { ...base, resource: arn('eks', `cluster/${input.name}`) };
    case 'eks:ListNodegroups':
      return { ...base, resource: arn('eks', `cluster/${input.clusterName}`) };
    case 'eks:DescribeNodegroup':
      return {
        ...base,
        resource: arn('eks', `nodegroup/${input.clusterName}/${input.nodegroupName}/0ec7a1b2-3c4d-5e6f-7a8b-9c0d1e2f3a4b`),
      };
    case 'eks:DescribeAddon':
      return { ...base, resource: arn('eks', `addon/${input.clusterName}/${input.addonName}/6ac7a1b2-3c4d-5e6f-7a8b-9c0d1e2f3a4b`) };
    case 'kms:DescribeKey':
    case 'kms:GetKeyRotationStatus':
      return { ...base, resource: input.KeyId, context: { ...base.context, 'kms:ResourceAliases': [`alias/${names.kmsAlias}`] } };
    case 'logs:DescribeLogGroups':
    case 'logs:TestMetricFilter':
    case 'kms:ListAliases':
    case 'ssm:DescribeParameters':
      return { ...base, resource: '*' };
    default:
      // EC2's and ELBv2's Describe calls have no resource-level permissions.
      if (['ec2', 'elasticloadbalancing'].includes(call.service) && call.action.startsWith('Describe')) return { ...base, resource: '*' };
      throw new Error(`no IAM request is known for ${action}: add it to requestOf`);
  }
}

/** The bootstrap roles the CDK CLI assumes for this stack, as the synthesized cloud assembly names them. */
function cdkRoles(): string[] {
  const { names } = platform();
  const { directory } = synthesize(settings).app.synth();
  const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8'));
  const stack = manifest.artifacts[names.stack].properties;
  const assets = JSON.parse(readFileSync(join(directory, `${names.stack}.assets.json`), 'utf8'));
  const publishing = Object.values<any>({ ...assets.files, ...assets.dockerImages }).flatMap((asset) =>
    Object.values<any>(asset.destinations).map((destination) => destination.assumeRoleArn),
  );
  return [...new Set([stack.assumeRoleArn, stack.lookupRole.arn, ...publishing])].map((role: string) =>
    role.replaceAll('${AWS::Partition}', 'aws').replaceAll('${AWS::AccountId}', SAMPLE_ACCOUNT).replaceAll('${AWS::Region}', REGION),
  );
}

describe("the pull-request workflow's role allows every call the workflow makes (O5, O6)", () => {
  let recorded: RecordedCall[];
  beforeAll(async () => {
    recorded = await recordedLifecycleCalls();
  });

  test("the workflow's environments are the ones the policy is scoped to", () => {
    expect(SUFFIX).toBe('pr-42');
    expect(new RegExp(`^${PULL_REQUEST_SUFFIXES.replace('*', '.*')}$`).test(SUFFIX)).toBe(true);
  });

  test('every AWS call in the lifecycle scripts and the integration suite is evaluated', () => {
    const evaluated = new Set([...recorded, ...integrationSuiteCalls()].map((call) => `${call.service}:${call.action}`));
    expect([...callsInCode()].filter((call) => !evaluated.has(call))).toEqual([]);
  });

  test('the lifecycle scripts: every call the stand-in account received is allowed', async () => {
    const requests = recorded.map(requestOf).filter((request) => request !== undefined);
    for (const request of requests) {
      expect({ ...request, decision: (await evaluate(platform().model, request)).decision }).toMatchObject({ decision: 'Allowed' });
    }
  });

  test('the integration suite: every call it makes is allowed', async () => {
    for (const request of integrationSuiteCalls()
      .map(requestOf)
      .filter((r) => r !== undefined)) {
      expect({ ...request, decision: (await evaluate(platform().model, request)).decision }).toMatchObject({ decision: 'Allowed' });
    }
  });

  test('the CDK CLI: the role may assume the bootstrap roles the stack names (their trust policies agree), and no other', async () => {
    const trust = bootstrapTrustPolicies(SAMPLE_ACCOUNT, REGION);
    const assuming = (role: string) =>
      evaluate(platform().model, {
        principal: PRINCIPAL,
        action: 'sts:AssumeRole',
        resource: role,
        identityPolicies: [policy],
        resourcePolicy: trust.get(role),
        context: { 'aws:RequestedRegion': REGION },
      });
    const roles = cdkRoles();
    expect(roles).toHaveLength(3);
    for (const role of roles) {
      expect(trust.has(role)).toBe(true);
      expect({ role, decision: (await assuming(role)).decision }).toEqual({ role, decision: 'Allowed' });
    }
    // CloudFormation assumes the execution role (the deploy role passes it); the workflow's role never does.
    const others = [...trust.keys()].filter((role) => !roles.includes(role));
    expect(others.some((role) => role.includes('-cfn-exec-role-'))).toBe(true);
    for (const role of others) {
      expect({ role, decision: (await assuming(role)).decision }).toEqual({ role, decision: 'ImplicitlyDenied' });
    }
  });
});

describe("the pull-request workflow's role deletes no other environment's log groups (O1, O11)", () => {
  const deleting = (name: string, options: { region?: string; tags?: Record<string, string> } = {}) => {
    const region = options.region ?? REGION;
    const tags = Object.fromEntries(Object.entries(options.tags ?? {}).map(([key, value]) => [`aws:ResourceTag/${key}`, value]));
    return evaluate(platform().model, {
      principal: PRINCIPAL,
      action: 'logs:DeleteLogGroup',
      resource: `arn:aws:logs:${region}:${SAMPLE_ACCOUNT}:log-group:${name}`,
      identityPolicies: [policy],
      context: { 'aws:RequestedRegion': region, ...tags },
    });
  };

  test.each([
    ['a production environment', '/aws/eks/fintech-eks-payments/cluster'],
    ['a suffix that starts as "pr" does', '/aws/eks/fintech-eks-prod/containers'],
    ['a suffix without the pull-request hyphen', '/aws/vpc/fintech-eks-pr42/flow-logs'],
    ['another team outside the platform', '/aws/lambda/payments-api'],
    ["a production environment's web ACL log", 'aws-waf-logs-fintech-eks-payments'],
  ])('%s: denied', async (_case, name) => {
    expect((await deleting(name)).decision).toBe('ImplicitlyDenied');
  });

  test('a group of a pull-request environment in another region: denied', async () => {
    expect((await deleting(`/aws/eks/fintech-eks-${SUFFIX}/cluster`, { region: 'eu-west-1' })).decision).toBe('ImplicitlyDenied');
  });

  test('a group a stack made (it carries EnvironmentSuffix), even of a pull request: explicitly denied', async () => {
    expect((await deleting(`/aws/eks/fintech-eks-${SUFFIX}/cluster`, { tags: { EnvironmentSuffix: SUFFIX } })).decision).toBe(
      'ExplicitlyDenied',
    );
  });

  test('a group a service wrote after the pull request stack was gone (no tags): allowed', async () => {
    expect((await deleting(`/aws/eks/fintech-eks-${SUFFIX}/cluster`)).decision).toBe('Allowed');
    expect((await deleting(`aws-waf-logs-fintech-eks-${SUFFIX}`)).decision).toBe('Allowed');
    expect((await deleting(`aws-waf-logs-fintech-eks-${SUFFIX}`, { tags: { EnvironmentSuffix: SUFFIX } })).decision).toBe(
      'ExplicitlyDenied',
    );
  });

  test("the role reads no other environment's logs or cluster", async () => {
    const reads = [
      ['logs:FilterLogEvents', `arn:aws:logs:${REGION}:${SAMPLE_ACCOUNT}:log-group:/aws/eks/fintech-eks-payments/containers`],
      ['eks:DescribeCluster', `arn:aws:eks:${REGION}:${SAMPLE_ACCOUNT}:cluster/fintech-eks-payments`],
      ['cloudformation:GetTemplate', `arn:aws:cloudformation:${REGION}:${SAMPLE_ACCOUNT}:stack/FintechEksPlatform-payments/1`],
    ];
    for (const [action, resource] of reads) {
      const request = { principal: PRINCIPAL, action, resource, identityPolicies: [policy], context: { 'aws:RequestedRegion': REGION } };
      expect({ action, decision: (await evaluate(platform().model, request)).decision }).toEqual({ action, decision: 'ImplicitlyDenied' });
    }
  });
});
