import { lifecycleClients } from '../../scripts/lifecycle/aws';
import { StandInAccount } from './support/stand-in-account';

/**
 * The AWS calls of the lifecycle commands (scripts/lifecycle/aws.ts) on their own, against the
 * stand-in account: which resources count as the environment's, and which errors of a service
 * mean "already gone" and which stop the command.
 */
const STACK = 'FintechEksPlatform-pr42';
const CLUSTER = 'fintech-eks-pr42';
const STACK_NAME_TAG = 'aws:cloudformation:stack-name';
const CONTROLLER_TAG = 'elbv2.k8s.aws/cluster';

function environment() {
  const account = new StandInAccount();
  return { account, aws: account.commandDeps().aws };
}

const serviceError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('the clients', () => {
  test("in the stack's region, with the CDK CLI's --profile when given, else the default chain", async () => {
    const withProfile = lifecycleClients('ap-southeast-1', 'payments-prod');
    for (const client of Object.values(withProfile)) {
      expect(await client.config.region()).toBe('ap-southeast-1');
      expect(client.config.profile).toBe('payments-prod');
    }
    const withoutProfile = lifecycleClients('eu-west-1');
    for (const client of Object.values(withoutProfile)) {
      expect(await client.config.region()).toBe('eu-west-1');
      expect(client.config.profile).toBeUndefined();
    }
  });
});

describe('the account and the template', () => {
  test('an identity without an account stops the command, saying so', async () => {
    const { account, aws } = environment();
    account.respond = ({ action }) => (action === 'GetCallerIdentity' ? { Arn: 'arn:aws:sts::x', UserId: 'x' } : undefined);
    await expect(aws.callerAccount()).rejects.toThrow('STS GetCallerIdentity named no account');
  });

  test('a template that is not JSON was not deployed by this platform: the command stops, naming the stack', async () => {
    const { account, aws } = environment();
    account.respond = ({ action }) => (action === 'GetTemplate' ? { TemplateBody: 'Resources: {}\n' } : undefined);
    const failure = aws.stackTemplate(STACK);
    await expect(failure).rejects.toThrow(
      new RegExp(`^the template of ${STACK} is not JSON, so it was not deployed by this platform \\(Unexpected token [\\s\\S]*\\)$`),
    );
    await expect(failure).rejects.toHaveProperty('cause', expect.any(SyntaxError));
  });
});

describe('log groups', () => {
  test('a group deleted between the listing and the tag lookup is left out; the others are listed with their tags', async () => {
    const { account, aws } = environment();
    account.logGroups.set('/aws/eks/fintech-eks-pr42/cluster', { tags: {}, creationTime: 0 });
    account.logGroups.set('/aws/eks/fintech-eks-pr42/containers', { tags: { EnvironmentSuffix: 'pr42' }, creationTime: 0 });
    account.respond = ({ action, input }) => {
      if (action === 'ListTagsForResource' && input.resourceArn.endsWith('/cluster'))
        account.logGroups.delete('/aws/eks/fintech-eks-pr42/cluster');
      return undefined;
    };
    expect(await aws.logGroups('/aws/eks/fintech-eks-pr42/')).toEqual([
      { name: '/aws/eks/fintech-eks-pr42/containers', tags: { EnvironmentSuffix: 'pr42' } },
    ]);
  });

  test('a tag lookup refused for another reason stops the command', async () => {
    const { account, aws } = environment();
    account.logGroups.set('/aws/eks/fintech-eks-pr42/cluster', { tags: {}, creationTime: 0 });
    account.respond = ({ action }) => {
      if (action === 'ListTagsForResource')
        throw serviceError('AccessDeniedException', 'not authorized to perform: logs:ListTagsForResource');
      return undefined;
    };
    await expect(aws.logGroups('/aws/eks/')).rejects.toThrow('not authorized to perform: logs:ListTagsForResource');
  });

  test('deleting a group that is already gone succeeds; a refused deletion stops the command', async () => {
    const { account, aws } = environment();
    await expect(aws.deleteLogGroup('/aws/eks/fintech-eks-pr42/cluster')).resolves.toBeUndefined();
    account.logGroups.set('/aws/eks/fintech-eks-pr42/cluster', { tags: {}, creationTime: 0 });
    account.respond = ({ action }) => {
      if (action === 'DeleteLogGroup') throw serviceError('AccessDeniedException', 'not authorized to perform: logs:DeleteLogGroup');
      return undefined;
    };
    await expect(aws.deleteLogGroup('/aws/eks/fintech-eks-pr42/cluster')).rejects.toThrow('not authorized to perform: logs:DeleteLogGroup');
    expect(account.logGroupNames()).toEqual(['/aws/eks/fintech-eks-pr42/cluster']);
  });
});

describe('network interfaces', () => {
  function withInterfaces() {
    const { account, aws } = environment();
    account.vpcs.set('vpc-1', { [STACK_NAME_TAG]: STACK });
    account.vpcs.set('vpc-2', { [STACK_NAME_TAG]: 'FintechEksPlatform-pr43' });
    const eni = (id: string, vpcId: string, groupIds: string[]) =>
      account.interfaces.set(id, { id, description: `interface ${id}`, vpcId, groupIds });
    eni('eni-in-vpc', 'vpc-1', ['sg-other']);
    eni('eni-of-pr43', 'vpc-2', ['sg-pr43']);
    eni('eni-in-group', 'vpc-gone', ['sg-eks']);
    const interfaceCalls = () =>
      account.calls.filter((call) => call.action === 'DescribeNetworkInterfaces').map((call) => call.input.Filters);
    return { account, aws, interfaceCalls };
  }

  test("those in the stack's VPC and those in its security groups, each asked on its own; another environment's are not", async () => {
    const { aws, interfaceCalls } = withInterfaces();
    expect(await aws.networkInterfaces(STACK, ['sg-eks'])).toEqual([
      { id: 'eni-in-vpc', description: 'interface eni-in-vpc' },
      { id: 'eni-in-group', description: 'interface eni-in-group' },
    ]);
    // EC2 combines the filters of one call with AND: one call per filter.
    expect(interfaceCalls()).toEqual([[{ Name: 'vpc-id', Values: ['vpc-1'] }], [{ Name: 'group-id', Values: ['sg-eks'] }]]);
  });

  test('without a VPC or a security group left, EC2 is not asked with a filter that has no values', async () => {
    const { aws, interfaceCalls } = withInterfaces();
    expect(await aws.networkInterfaces('FintechEksPlatform-pr44', [])).toEqual([]);
    expect(interfaceCalls()).toEqual([]);
  });
});

describe('what EC2 leaves out of an answer', () => {
  test('a security group or a network interface without a description is named with an empty one', async () => {
    const { account, aws } = environment();
    account.respond = ({ action }) => {
      if (action === 'DescribeSecurityGroups') return { SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'eks-cluster-sg' }] };
      if (action === 'DescribeVpcs') return { Vpcs: [{ VpcId: 'vpc-1' }] };
      if (action === 'DescribeNetworkInterfaces') return { NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1' }] };
      return undefined;
    };
    expect(await aws.securityGroups(STACK, CLUSTER)).toEqual([{ id: 'sg-1', description: 'eks-cluster-sg: ' }]);
    expect(await aws.networkInterfaces(STACK, [])).toEqual([{ id: 'eni-1', description: '' }]);
  });

  test('a VPC named without its id is not asked about', async () => {
    const { account, aws } = environment();
    account.respond = ({ action }) => (action === 'DescribeVpcs' ? { Vpcs: [{ VpcId: 'vpc-1' }, {}] } : undefined);
    await aws.networkInterfaces(STACK, []);
    const filters = account.calls.filter((call) => call.action === 'DescribeNetworkInterfaces').map((call) => call.input.Filters);
    expect(filters).toEqual([[{ Name: 'vpc-id', Values: ['vpc-1'] }]]);
  });
});

describe("the load balancer controller's resources", () => {
  function withResources(others: number) {
    const { account, aws } = environment();
    const lb = (n: string, tags: Record<string, string>) =>
      account.loadBalancers.set(`arn:aws:elasticloadbalancing:lb/app/${n}`, { name: n, tags });
    const tg = (n: string, tags: Record<string, string>) =>
      account.targetGroups.set(`arn:aws:elasticloadbalancing:targetgroup/${n}`, { name: n, tags });
    lb('k8s-ours', { [CONTROLLER_TAG]: CLUSTER });
    for (let n = 0; n < others; n++) lb(`k8s-pr43-${n}`, { [CONTROLLER_TAG]: 'fintech-eks-pr43' });
    tg('k8s-ours', { [CONTROLLER_TAG]: CLUSTER });
    const tagBatches = () => account.calls.filter((call) => call.action === 'DescribeTags').map((call) => call.input.ResourceArns.length);
    return { account, aws, tagBatches };
  }
  const OURS = [
    { id: 'arn:aws:elasticloadbalancing:lb/app/k8s-ours', description: 'load balancer k8s-ours' },
    { id: 'arn:aws:elasticloadbalancing:targetgroup/k8s-ours', description: 'target group k8s-ours' },
  ];

  test('tags are asked 20 ARNs a call: 20 in one call, 21 in two', async () => {
    const twenty = withResources(18);
    expect(await twenty.aws.loadBalancerResources(CLUSTER)).toEqual(OURS);
    expect(twenty.tagBatches()).toEqual([20]);
    const twentyOne = withResources(19);
    expect(await twentyOne.aws.loadBalancerResources(CLUSTER)).toEqual(OURS);
    expect(twentyOne.tagBatches()).toEqual([20, 1]);
  });

  test("only the controller's tag names the cluster: another tag with the cluster's name as value does not", async () => {
    const { account, aws } = withResources(0);
    account.loadBalancers.set('arn:aws:elasticloadbalancing:lb/app/team-lb', { name: 'team-lb', tags: { Project: CLUSTER } });
    expect(await aws.loadBalancerResources(CLUSTER)).toEqual(OURS);
  });

  test('one deleted between the listing and the tags (ELBv2 refuses the whole call): the rest are asked one by one', async () => {
    const { account, aws, tagBatches } = withResources(20);
    let first = true;
    account.respond = ({ action }) => {
      if (action === 'DescribeTags' && first) {
        first = false;
        account.loadBalancers.delete('arn:aws:elasticloadbalancing:lb/app/k8s-pr43-0');
      }
      return undefined;
    };
    expect(await aws.loadBalancerResources(CLUSTER)).toEqual(OURS);
    expect(tagBatches()).toEqual([20, ...Array<number>(20).fill(1), 2]);
  });

  test('a tag lookup refused for another reason stops the command', async () => {
    const { account, aws } = withResources(0);
    account.respond = ({ action }) => {
      if (action === 'DescribeTags') throw serviceError('Throttling', 'Rate exceeded');
      return undefined;
    };
    await expect(aws.loadBalancerResources(CLUSTER)).rejects.toThrow('Rate exceeded');
  });
});
