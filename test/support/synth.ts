import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addCompliancePacks } from '../../lib/compliance/packs';
import { loadConfig, PlatformConfig } from '../../lib/config/load';
import { PlatformStack } from '../../lib/platform-stack';
import { cdkJsonContext } from '../../scripts/cdk-cli';

export interface Synthesized {
  readonly app: App;
  readonly stack: Stack;
  readonly template: Template;
  readonly config: PlatformConfig;
  readonly outdir: string;
}

export interface SynthOptions {
  /** Run the cdk-nag packs during synthesis (slower; only the compliance test needs it). */
  readonly compliance?: boolean;
}

const cache = new Map<string, Synthesized>();

/** The feature flags of cdk.json, so that tests build exactly what `cdk synth` builds. */
const featureFlags = cdkJsonContext();

/**
 * Builds the platform stack for a configuration, as bin/platform.ts does, without staging the
 * 60 MB of Lambda layer assets (nothing here reads them). Cached per configuration, because
 * most test files assert many things of the same template.
 */
export function synthesize(context: Record<string, unknown> = {}, options: SynthOptions = {}): Synthesized {
  const key = JSON.stringify({ context, options });
  const cached = cache.get(key);
  if (cached) return cached;

  const outdir = mkdtempSync(join(tmpdir(), 'platform-test-'));
  const app = new App({
    outdir,
    context: { ...featureFlags, 'aws:cdk:disable-asset-staging': true },
    // The built-in CloudFormation validation runs with the compliance packs (the compliance test
    // fails on its findings too); elsewhere it would only add seconds to every synthesis.
    builtinCloudFormationValidation: options.compliance === true,
  });
  const config = loadConfig({ ...featureFlags, ...context }, () => {
    throw new Error('tests pass settings as context');
  });
  const stack = new PlatformStack(app, config.names.stack, { env: { region: config.region }, config });
  if (options.compliance) addCompliancePacks(app);
  let template: Template | undefined;
  const result = {
    app,
    stack,
    config,
    outdir,
    // Lazy: with the packs on, synthesis throws on a finding, and the compliance test wants to
    // synthesize itself and list the findings.
    get template() {
      return (template ??= Template.fromStack(stack));
    },
  };
  cache.set(key, result);
  return result;
}

/** The resources of one type, as [logicalId, resource] pairs. */
export function resourcesOfType(template: Template, type: string): [string, any][] {
  return Object.entries(template.findResources(type));
}
