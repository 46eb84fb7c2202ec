import { CelInput, run } from '@bufbuild/cel';
import { FLUENT_BIT_NAMESPACE } from '../../lib/shared/namespaces';
import { shippedObjects } from '../support/kubernetes';
import { synthesize } from '../support/synth';

/** CEL reads JSON objects as maps. */
function toCel(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)])) as CelInput;
  return value as CelInput;
}

/**
 * What the API server does with the shipped ValidatingAdmissionPolicy for one namespace write:
 * match conditions first, then the variables, then every validation. Returns the refusal
 * message, or undefined when the namespace is admitted.
 */
function admit(policy: any, namespace: Record<string, unknown>, username = 'kubernetes-admin'): string | undefined {
  const object = toCel(namespace);
  const request = toCel({ userInfo: { username, groups: ['system:authenticated'] } });
  const matches = policy.spec.matchConditions.every((condition: any) => run(condition.expression, { object, request }) === true);
  if (!matches) return undefined;
  const variables = new Map<string, CelInput>();
  for (const variable of policy.spec.variables ?? []) {
    variables.set(variable.name, run(variable.expression, { object, variables: variables as CelInput }) as CelInput);
  }
  for (const validation of policy.spec.validations) {
    if (run(validation.expression, { object, variables: variables as CelInput }) !== true) {
      return String(run(validation.messageExpression, { object, variables: variables as CelInput }));
    }
  }
  return undefined;
}

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const namespace = (name: string, labels?: Record<string, string>) => ({ metadata: { name, ...(labels ? { labels } : {}) } });

describe('the restricted-by-default admission policy, evaluated with a CEL engine', () => {
  const { template } = synthesize();
  const policy = shippedObjects(template).find((s) => s.object.kind === 'ValidatingAdmissionPolicy')!.object;

  test('admits a namespace that enforces restricted', () => {
    expect(admit(policy, namespace('payments', { [ENFORCE]: 'restricted' }))).toBeUndefined();
  });

  test.each([
    ['without any label', namespace('payments')],
    ['with other labels only', namespace('payments', { team: 'payments' })],
    ['enforcing baseline', namespace('payments', { [ENFORCE]: 'baseline' })],
    ['enforcing privileged', namespace('payments', { [ENFORCE]: 'privileged' })],
  ])('refuses a namespace %s, saying what to do', (_case, object) => {
    const message = admit(policy, object);
    expect(message).toMatch(/^namespace payments has pod-security\.kubernetes\.io\/enforce=/);
    expect(message).toContain('label it pod-security.kubernetes.io/enforce=restricted');
  });

  test('names an unset label as unset', () => {
    expect(admit(policy, namespace('payments'))).toContain('enforce=(unset);');
  });

  test('exempts the system namespaces, the logging namespace and tenants lowered by config', () => {
    for (const name of ['kube-system', 'kube-public', 'kube-node-lease', FLUENT_BIT_NAMESPACE, 'amazon-cloudwatch', 'dev', 'staging']) {
      expect({ name, refusal: admit(policy, namespace(name, { [ENFORCE]: 'privileged' })) }).toEqual({ name, refusal: undefined });
    }
  });

  test("admits the namespaces EKS's add-on manager creates (GuardDuty runtime monitoring's amazon-guardduty), unlabelled", () => {
    expect(admit(policy, namespace('amazon-guardduty'), 'eks:addon-manager')).toBeUndefined();
    expect(admit(policy, namespace('amazon-guardduty', { team: 'security' }), 'eks:addon-manager')).toBeUndefined();
  });

  test('still refuses the same unlabelled namespace from anyone else, a look-alike user name included', () => {
    for (const username of ['kubernetes-admin', 'arn:aws:sts::123456789012:assumed-role/Deployer/ci', 'eks:addon-manager-otel', 'system:serviceaccount:kube-system:eks-addon-manager']) {
      expect({ username, refusal: admit(policy, namespace('amazon-guardduty'), username) }).toEqual({
        username,
        refusal: expect.stringMatching(/^namespace amazon-guardduty has pod-security\.kubernetes\.io\/enforce=\(unset\)/),
      });
    }
  });

  test('does not exempt prod, which config keeps restricted', () => {
    expect(admit(policy, namespace('prod', { [ENFORCE]: 'baseline' }))).toMatch(/^namespace prod has/);
  });

  test('a tenant added in config is held to restricted', () => {
    const { template: withTenant } = synthesize({ tenants: '{"payments":{}}' });
    const tenantPolicy = shippedObjects(withTenant).find((s) => s.object.kind === 'ValidatingAdmissionPolicy')!.object;
    expect(admit(tenantPolicy, namespace('payments', { [ENFORCE]: 'baseline' }))).toBeDefined();
    expect(admit(tenantPolicy, namespace('payments', { [ENFORCE]: 'restricted' }))).toBeUndefined();
  });
});
