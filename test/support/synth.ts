import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildPlatform } from '../../lib/build-platform';
import { addCompliancePacks } from '../../lib/compliance/packs';
import { PlatformConfig } from '../../lib/config/load';
import { cdkJsonContext } from '../../scripts/cdk-cli';

export interface Synthesized {
  readonly app: App;
  readonly stack: Stack;
  readonly template: Template;
  readonly config: PlatformConfig;
  readonly outdir: string;
}

export interface SynthOptions {
  /** Run the cdk-nag packs and the built-in CloudFormation validation during synthesis (slower; only the compliance test needs it). */
  readonly compliance?: boolean;
}

const cache = new Map<string, Synthesized>();

/**
 * Builds the platform for a configuration with buildPlatform, as `cdk synth` does (cdk.json's
 * feature flags, then the settings as context), without staging the 60 MB of Lambda layer
 * assets (nothing here reads them). Cached per configuration, because most test files assert
 * many things of the same template.
 */
export function synthesize(context: Record<string, unknown> = {}, options: SynthOptions = {}): Synthesized {
  const key = JSON.stringify({ context, options });
  const cached = cache.get(key);
  if (cached) return cached;

  const outdir = mkdtempSync(join(tmpdir(), 'platform-test-'));
  const { app, stack, config } = buildPlatform({
    outdir,
    context: { ...cdkJsonContext(), ...context },
    stageAssets: false,
    // The built-in CloudFormation validation runs with the compliance packs (the compliance test
    // fails on its findings too); elsewhere it would only add seconds to every synthesis.
    builtinCloudFormationValidation: options.compliance === true,
  });
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

/** The account and region of a bare stack: literal, so ARNs in its template are plain text. */
export const BARE_ENV = { account: '111122223333', region: 'eu-west-1' } as const;

/**
 * An empty stack in an app with cdk.json's feature flags and a literal environment, for testing
 * one construct on its own (as aws-cdk-lib tests its constructs), without the platform around it.
 */
export function bareStack(): Stack {
  const app = new App({ context: cdkJsonContext(), outdir: mkdtempSync(join(tmpdir(), 'construct-test-')) });
  return new Stack(app, 'Bare', { env: BARE_ENV });
}
