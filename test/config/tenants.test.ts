import { ConfigError, loadConfig } from '../../lib/config/load';
import { CONTAINER_DEFAULTS } from '../../lib/tenancy/container-defaults';

const noFile = () => {
  throw new Error('these tests pass settings as context');
};

function load(context: Record<string, unknown>) {
  return loadConfig(context, noFile);
}

function errorOf(context: Record<string, unknown>): string {
  try {
    load(context);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(context)}`);
}

describe('tenant defaults', () => {
  test('dev and staging enforce baseline, prod restricted, each with 100 CPU and 200Gi', () => {
    expect(load({}).tenants).toEqual({
      dev: { enforce: 'baseline', cpu: '100', memory: '200Gi' },
      staging: { enforce: 'baseline', cpu: '100', memory: '200Gi' },
      prod: { enforce: 'restricted', cpu: '100', memory: '200Gi' },
    });
  });

  test('a tenant added in config is restricted with the default quota unless it says otherwise', () => {
    expect(load({ tenants: { payments: {} } }).tenants.payments).toEqual({ enforce: 'restricted', cpu: '100', memory: '200Gi' });
    expect(load({ tenants: { ledger: { enforce: 'baseline', cpu: '8' } } }).tenants.ledger).toEqual({
      enforce: 'baseline',
      cpu: '8',
      memory: '200Gi',
    });
  });

  test('setting one key of a default tenant keeps its other values, and the other tenants', () => {
    const { tenants } = load({ tenants: { dev: { cpu: '50' } } });
    expect(tenants.dev).toEqual({ enforce: 'baseline', cpu: '50', memory: '200Gi' });
    expect(Object.keys(tenants).sort()).toEqual(['dev', 'prod', 'staging']);
  });

  test('tenants given on the command line arrive as JSON text', () => {
    expect(load({ tenants: '{"prod":{"memory":"400Gi"}}' }).tenants.prod).toEqual({ enforce: 'restricted', cpu: '100', memory: '400Gi' });
  });
});

describe('refused tenant settings', () => {
  test('privileged, naming the key, the value and the levels allowed', () => {
    expect(errorOf({ tenants: { dev: { enforce: 'privileged' } } })).toBe(
      'Invalid configuration:\n' +
        '  "tenants.dev.enforce" is "privileged"; ' +
        `allowed: "baseline" or "restricted" ("privileged" is kept for the platform's own namespaces)`,
    );
  });

  test('privileged from the command line too', () => {
    expect(errorOf({ tenants: '{"staging":{"enforce":"privileged"}}' })).toContain(
      '"tenants.staging.enforce" is "privileged"; allowed: "baseline" or "restricted"',
    );
  });

  test('an unknown level', () => {
    expect(errorOf({ tenants: { prod: { enforce: 'strict' } } })).toContain(
      '"tenants.prod.enforce" is "strict"; allowed: "baseline" or "restricted"',
    );
  });

  test('a CPU or memory quota below the default limit the LimitRange gives a container', () => {
    const message = errorOf({ tenants: { dev: { cpu: '100m', memory: '256Mi' } } });
    expect(message).toContain(`"tenants.dev.cpu" is "100m"; allowed: at least "${CONTAINER_DEFAULTS.limit.cpu}"`);
    expect(message).toContain(`"tenants.dev.memory" is "256Mi"; allowed: at least "${CONTAINER_DEFAULTS.limit.memory}"`);
  });

  test('a quota exactly at the default limit admits one defaulted container, so it is accepted', () => {
    const { limit } = CONTAINER_DEFAULTS;
    expect(load({ tenants: { dev: { cpu: limit.cpu, memory: limit.memory } } }).tenants.dev).toEqual(
      expect.objectContaining({ cpu: limit.cpu, memory: limit.memory }),
    );
  });

  test.each([
    ['memory', '200GB', 'a memory quantity such as "200Gi" or "512Mi", at least "512Mi"'],
    ['cpu', '2 cores', 'a CPU quantity such as "100" or "500m", at least "500m"'],
  ])('a %s quantity Kubernetes would not read (%s), reported once', (key, value, allowed) => {
    expect(errorOf({ tenants: { dev: { [key]: value } } })).toBe(
      `Invalid configuration:\n  "tenants.dev.${key}" is "${value}"; allowed: ${allowed}`,
    );
  });

  test('a deployer that is no role ARN', () => {
    expect(errorOf({ tenants: { prod: { deployer: 'arn:aws:iam::123456789012:user/pipeline' } } })).toBe(
      'Invalid configuration:\n  "tenants.prod.deployer" is "arn:aws:iam::123456789012:user/pipeline"; ' +
        'allowed: an IAM role ARN such as "arn:aws:iam::123456789012:role/PaymentsDevelopers": ' +
        "the tenant's pipeline, which manages workloads in the namespace only",
    );
  });

  test('a tenant named after a namespace the platform owns', () => {
    for (const name of ['kube-system', 'logging', 'amazon-cloudwatch', 'default']) {
      expect(errorOf({ tenants: { [name]: { enforce: 'baseline' } } })).toContain(
        `"tenants.${name}" is {"enforce":"baseline"}; allowed: a namespace the platform does not own`,
      );
    }
  });

  test('a quota below the default limit names the resource, the limit and why, in full', () => {
    expect(errorOf({ tenants: { dev: { cpu: '250m', memory: '256Mi' } } }).split('\n')).toEqual([
      'Invalid configuration:',
      '  "tenants.dev.cpu" is "250m"; allowed: at least "500m", the default CPU limit the namespace\'s LimitRange gives each container',
      '  "tenants.dev.memory" is "256Mi"; ' +
        'allowed: at least "512Mi", the default memory limit the namespace\'s LimitRange gives each container',
    ]);
  });

  test('a tenant named after a platform namespace is refused, listing every namespace the platform owns', () => {
    expect(errorOf({ tenants: { logging: {} } })).toBe(
      'Invalid configuration:\n  "tenants.logging" is {}; allowed: a namespace the platform does not own ' +
        '(not "default", "kube-system", "kube-public", "kube-node-lease", "logging", "amazon-cloudwatch")',
    );
  });

  test('an unknown tenant key, listing the keys allowed', () => {
    expect(errorOf({ tenants: { dev: { quota: '10' } } })).toContain(
      'unknown key "tenants.dev.quota" (given "10"); allowed keys: enforce, cpu, memory',
    );
  });

  test('every mistake at once', () => {
    const lines = errorOf({ tenants: { dev: { enforce: 'privileged' }, prod: { cpu: '1m' } } })
      .split('\n')
      .slice(1);
    expect(lines).toHaveLength(2);
  });
});
