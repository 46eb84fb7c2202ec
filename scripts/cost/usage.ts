/**
 * Usage assumptions: what the template cannot say (traffic, log volume). Defaults below; a
 * usage file (`--usage path`, YAML or JSON, like Infracost's infracost-usage.yml) overrides
 * any of them. See scripts/cost/usage.example.yml.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { UsageError } from './usage-error';

export interface Assumptions {
  readonly hoursPerMonth: number;
  /** Ingested into all the stack's log groups together, excluding its Lambdas' own log groups. */
  readonly logGbPerDay: number;
  /** Stored logs are priced at steady state: retention days of ingestion, but never more than this many days. */
  readonly logStorageHorizonDays: number;
  readonly natProcessedGbPerMonth: number;
  readonly interfaceEndpointProcessedGbPerMonth: number;
  /** Kubernetes audit-log events of the cluster GuardDuty analyses a month, in millions (its AnalyzedCount usage metric). */
  readonly eksAuditEventsMillionsPerMonth: number;
  /** Application Load Balancers of the internal ingress class (one per Ingress group), running all month. */
  readonly internalLoadBalancers: number;
  /** Application Load Balancers of the public class; counted only where the template enables public ingress. */
  readonly publicLoadBalancers: number;
  /** Load balancer capacity units each load balancer uses in an average hour. */
  readonly capacityUnitsPerLoadBalancer: number;
  /** Requests a month the web ACL inspects, in millions; counted only where the template has the web ACL. */
  readonly wafMillionRequestsPerMonth: number;
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  hoursPerMonth: 730,
  logGbPerDay: 1,
  logStorageHorizonDays: 365,
  natProcessedGbPerMonth: 100,
  interfaceEndpointProcessedGbPerMonth: 50,
  eksAuditEventsMillionsPerMonth: 5,
  // The internal class exists in every environment, used or not; a team's Ingress makes the
  // first load balancer. Enabling public ingress is a decision to serve the internet: one.
  internalLoadBalancers: 0,
  publicLoadBalancers: 1,
  capacityUnitsPerLoadBalancer: 1,
  wafMillionRequestsPerMonth: 10,
};

const amount = z.number().finite().min(0);

/** Every key of a usage file, with what it allows (used in the error messages). */
const USAGE_KEYS = {
  hoursPerMonth: { schema: amount.max(744), allowed: 'hours a month, from 0 to 744' },
  logGbPerDay: { schema: amount, allowed: 'GB a day, 0 or more' },
  logStorageHorizonDays: { schema: amount, allowed: 'days, 0 or more' },
  natProcessedGbPerMonth: { schema: amount, allowed: 'GB a month, 0 or more' },
  interfaceEndpointProcessedGbPerMonth: { schema: amount, allowed: 'GB a month, 0 or more' },
  eksAuditEventsMillionsPerMonth: { schema: amount, allowed: 'millions of audit events a month, 0 or more' },
  internalLoadBalancers: { schema: amount.int(), allowed: 'a whole number of load balancers, 0 or more' },
  publicLoadBalancers: { schema: amount.int(), allowed: 'a whole number of load balancers, 0 or more' },
  capacityUnitsPerLoadBalancer: { schema: amount, allowed: 'capacity units (LCU) an hour, 0 or more' },
  wafMillionRequestsPerMonth: { schema: amount, allowed: 'millions of requests a month, 0 or more' },
} satisfies Record<keyof Assumptions, { schema: z.ZodType; allowed: string }>;

const usageFileSchema = z.strictObject(
  Object.fromEntries(Object.entries(USAGE_KEYS).map(([key, { schema }]) => [key, schema.optional()])) as {
    [K in keyof Assumptions]: z.ZodOptional<z.ZodNumber>;
  },
);

/** The assumptions a usage file gives, over the defaults; every mistake is named with its key, value and what is allowed. */
export function parseUsage(text: string, origin: string): Assumptions {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new UsageError(`usage file ${origin} is not valid YAML or JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (parsed === null || parsed === undefined) return DEFAULT_ASSUMPTIONS;
  const result = usageFileSchema.safeParse(parsed);
  if (!result.success) {
    const lines = result.error.issues.flatMap((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => `unknown key "${key}"; allowed keys: ${Object.keys(USAGE_KEYS).join(', ')}`);
      }
      const key = String(issue.path[0] ?? '');
      if (!(key in USAGE_KEYS)) return [`the file must hold an object of ${Object.keys(USAGE_KEYS).join(', ')}`];
      const value = (parsed as Record<string, unknown>)[key];
      return [`"${key}" is ${JSON.stringify(value)}; allowed: ${USAGE_KEYS[key as keyof Assumptions].allowed}`];
    });
    throw new UsageError(`Invalid usage file ${origin}:\n  ${lines.join('\n  ')}`);
  }
  const given = Object.fromEntries(Object.entries(result.data).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_ASSUMPTIONS, ...given };
}

export function loadUsageFile(path: string): Assumptions {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`usage file ${path} cannot be read (${(error as Error).message})`);
  }
  return parseUsage(text, path);
}
