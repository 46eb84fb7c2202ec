import { runSimulation } from '@cloud-copilot/iam-simulate';
import { TemplateResolver } from '../support/access/template-resolver';
import { lazily, synthesize } from '../support/synth';
import { resourcesOfType } from '../support/template';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';

describe("the guardduty-data endpoint's policy, evaluated by the IAM engine (iam-simulate)", () => {
  const synthesized = synthesize({ environmentSuffix: 'pr7' });
  // Read inside the tests (lazily): read while the file loads, the template would be read once,
  // before any mutant is switched on, and stale for every mutant of a mutation run.
  const endpointPolicy = lazily(() => {
    const { template, stack } = synthesized;
    const json = template.toJSON();
    const resolver = new TemplateResolver(json, {
      account: ACCOUNT,
      region: 'ap-southeast-1',
      partition: 'aws',
      stackName: stack.stackName,
    });
    const [[, endpoint]] = resourcesOfType(template, 'AWS::EC2::VPCEndpoint').filter(([, r]) =>
      String(r.Properties.ServiceName).endsWith('.guardduty-data'),
    );
    return resolver.resolve(endpoint.Properties.PolicyDocument);
  });

  /** The agent sends its events with the node's instance identity; the identity policy here allows the call, so the endpoint decides. */
  const send = (account: string) =>
    runSimulation(
      {
        request: {
          principal: `arn:aws:sts::${account}:assumed-role/eks-node-role/i-0123456789abcdef0`,
          action: 'guardduty:SendSecurityTelemetry',
          resource: { resource: '*', accountId: ACCOUNT },
          contextVariables: { 'aws:PrincipalAccount': account },
        },
        identityPolicies: [
          { name: 'node', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'guardduty:*', Resource: '*' }] } },
        ],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        vpcEndpointPolicies: [{ name: 'guardduty-data endpoint', policy: endpointPolicy() }],
      },
      {},
    );

  test("a principal of the VPC's account sends runtime events through it", async () => {
    const result = await send(ACCOUNT);
    expect(result.resultType === 'error' ? result.errors : result.overallResult).toBe('Allowed');
  });

  test("another account's principal is denied, whatever its own policies allow", async () => {
    const result = await send(OTHER_ACCOUNT);
    expect(result.resultType === 'error' ? result.errors : result.overallResult).toBe('ExplicitlyDenied');
  });
});
