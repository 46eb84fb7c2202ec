import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { NamedPolicy } from './access-model';

/**
 * The trust policies of the CDK bootstrap roles, read from the pinned CDK CLI's own bootstrap
 * template (`cdk bootstrap` with its default parameters) and resolved for one account and region:
 * what an `sts:AssumeRole` of the CLI is evaluated against. Resolves only the intrinsics the roles'
 * names and trust policies use.
 */
export function bootstrapTrustPolicies(account: string, region: string): Map<string, NamedPolicy> {
  const template = parse(readFileSync(require.resolve('aws-cdk/lib/api/bootstrap/bootstrap-template.yaml'), 'utf8'));
  // Each parameter at its default; a list parameter (CommaDelimitedList) is a list.
  const parameters: Record<string, string | string[]> = Object.fromEntries(
    Object.entries<any>(template.Parameters).map(([name, parameter]) => {
      const value = parameter.Default === undefined ? '' : String(parameter.Default);
      return [name, parameter.Type === 'CommaDelimitedList' ? value.split(',').filter(Boolean) : value];
    }),
  );
  const pseudo: Record<string, string> = { 'AWS::AccountId': account, 'AWS::Region': region, 'AWS::Partition': 'aws' };
  const NO_VALUE = Symbol('AWS::NoValue');

  const ref = (name: string): unknown => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in pseudo) return pseudo[name];
    if (name in parameters) return parameters[name];
    throw new Error(`bootstrap template: Ref ${name} is neither a parameter nor a pseudo parameter`);
  };
  const condition = (name: string): boolean => {
    const value = resolve(template.Conditions[name]);
    if (typeof value !== 'boolean') throw new Error(`bootstrap template: condition ${name} is not a boolean`);
    return value;
  };
  const resolve = (value: any): any => {
    if (Array.isArray(value)) return value.map(resolve).filter((item) => item !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const [key] = Object.keys(value);
    const args = value[key];
    switch (key) {
      case 'Ref':
        return ref(args);
      case 'Condition':
        return condition(args);
      case 'Fn::If':
        return resolve(condition(args[0]) ? args[1] : args[2]);
      case 'Fn::Equals':
        return resolve(args[0]) === resolve(args[1]);
      case 'Fn::Not':
        return !resolve(args[0]);
      case 'Fn::And':
        return args.every((arg: unknown) => resolve(arg) === true);
      case 'Fn::Join':
        return resolve(args[1]).join(args[0]);
      case 'Fn::Sub':
        return String(args).replace(/\$\{([\w:]+)\}/g, (_, name: string) => String(ref(name)));
      default:
        if (key.startsWith('Fn::')) throw new Error(`bootstrap template: ${key} is not resolved here`);
        return Object.fromEntries(
          Object.entries(value)
            .map(([k, v]) => [k, resolve(v)])
            .filter(([, v]) => v !== NO_VALUE),
        );
    }
  };

  const roles = new Map<string, NamedPolicy>();
  for (const [logicalId, resource] of Object.entries<any>(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const name = resolve(resource.Properties.RoleName);
    roles.set(`arn:aws:iam::${account}:role/${name}`, {
      name: `${name} trust policy (CDK bootstrap template, ${logicalId})`,
      policy: resolve(resource.Properties.AssumeRolePolicyDocument),
    });
  }
  return roles;
}
