/**
 * What deploy and destroy check before they change anything: that the credentials are for the
 * configured account, and that the stack, as deployed, is the one the settings describe.
 */
import type { PlatformConfig } from '../../lib/config/load';
import { SETTINGS_METADATA_KEY } from '../../lib/platform-stack';
import { DeployedTemplate, EnvironmentAws, retainedLogGroups } from './leftovers';

/**
 * Refuses credentials of another account than the settings name (`account`). Without an
 * `account` setting the app deploys to the credentials' account, so there is nothing to compare.
 * Returns the refusal, or undefined.
 */
export async function accountMismatch(aws: EnvironmentAws, config: PlatformConfig): Promise<string | undefined> {
  const caller = await aws.callerAccount();
  if (config.account === undefined || config.account === caller) return undefined;
  return `the AWS credentials are for account ${caller}, but the settings name account ${config.account} ("account"): nothing was changed`;
}

/** The stack as deployed: what it was built from and what it keeps. */
export interface DeployedStack {
  readonly status: string;
  /** The settings its template records (FintechEksPlatformSettings); undefined when it records none. */
  readonly settings?: Record<string, unknown>;
  /** Log groups its template keeps on delete (a DeletionPolicy other than Delete), by name. */
  readonly keptLogGroups: readonly string[];
  /** Logical ids of log groups it keeps whose name the template does not spell out. */
  readonly keptUnnamed: readonly string[];
  readonly template: DeployedTemplate;
}

/**
 * A stack in REVIEW_IN_PROGRESS has a change set but no resources yet: another deploy or
 * `cdk diff` is creating it.
 */
const BEING_CREATED = 'REVIEW_IN_PROGRESS';

/** The deployed stack of this name, read from CloudFormation, or undefined when there is none. */
export async function deployedStack(aws: EnvironmentAws, stackName: string): Promise<DeployedStack | undefined> {
  const status = await aws.stackStatus(stackName);
  if (status === undefined) return undefined;
  if (status === BEING_CREATED) return { status, keptLogGroups: [], keptUnnamed: [], template: {} };
  const template = await aws.stackTemplate(stackName);
  const kept = Object.entries(template.Resources ?? {}).filter(
    ([, resource]) => resource.Type === 'AWS::Logs::LogGroup' && (resource.DeletionPolicy ?? 'Delete') !== 'Delete',
  );
  const name = (properties: Record<string, unknown> | undefined) =>
    typeof properties?.LogGroupName === 'string' ? properties.LogGroupName : undefined;
  const settings = template.Metadata?.[SETTINGS_METADATA_KEY];
  return {
    status,
    settings: settings !== null && typeof settings === 'object' ? (settings as Record<string, unknown>) : undefined,
    keptLogGroups: kept.flatMap(([, resource]) => name(resource.Properties) ?? []).sort(),
    keptUnnamed: kept.filter(([, resource]) => name(resource.Properties) === undefined).map(([logicalId]) => logicalId),
    template,
  };
}

function keeps(groups: readonly string[]): string {
  return groups.length > 0 ? `keeps ${groups.join(', ')}` : 'keeps no log group';
}

/**
 * Refuses a deployed stack that is not what the settings describe where it decides what a
 * destroy keeps: the profile, `retainOnDelete`, and the log groups its template retains. Names
 * both sides. Returns the refusal, or undefined when they agree.
 */
export function settingsConflict(deployed: DeployedStack, config: PlatformConfig): string | undefined {
  const stackName = config.names.stack;
  if (deployed.status === BEING_CREATED) {
    return (
      `${stackName} is ${BEING_CREATED}: another deploy or cdk diff is creating it. Try again once it is done ` +
      `(a change set left behind: aws cloudformation delete-stack --stack-name ${stackName}); nothing was changed`
    );
  }
  if (deployed.settings === undefined) {
    return (
      `${stackName} records no ${SETTINGS_METADATA_KEY} in its template: it was not deployed by this version of the ` +
      `platform, so what it keeps cannot be told from what it leaves; nothing was changed`
    );
  }
  if (deployed.keptUnnamed.length > 0) {
    return (
      `${stackName} keeps log groups whose names its template does not spell out (${deployed.keptUnnamed.join(', ')}): ` +
      `they cannot be told from leftovers; nothing was changed`
    );
  }
  const wanted = retainedLogGroups(config);
  const same =
    deployed.settings.profile === config.profile &&
    deployed.settings.retainOnDelete === config.retainOnDelete &&
    deployed.keptLogGroups.join('\n') === wanted.join('\n');
  if (same) return undefined;
  return (
    `${stackName} was deployed with platformProfile ${String(deployed.settings.profile)}, ` +
    `retainOnDelete ${String(deployed.settings.retainOnDelete)} (its template ${keeps(deployed.keptLogGroups)}); ` +
    `these settings: platformProfile ${config.profile}, retainOnDelete ${config.retainOnDelete} (${keeps(wanted)}). ` +
    `Give the settings it was deployed with (the same -c values or configFile); nothing was changed`
  );
}
