import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { loadConfig, PlatformConfig } from './config/load';
import { PlatformStack } from './platform-stack';

export interface BuildPlatformOptions {
  /**
   * Context set on the app before the CLI's (`CDK_CONTEXT_JSON`), which wins over it. Callers that
   * run without the CLI pass cdk.json's feature flags and their settings here.
   * @default - only what the CLI passes
   */
  readonly context?: Record<string, unknown>;
  /**
   * Where the cloud assembly goes.
   * @default - the CLI's output directory (`CDK_OUTDIR`), else a temporary directory
   */
  readonly outdir?: string;
  /**
   * Reads the JSON file that the `configFile` setting names.
   * @default - reads it from disk
   */
  readonly readFile?: (path: string) => string;
  /**
   * aws-cdk-lib's built-in CloudFormation validation of the template. Off for `cdk synth` and
   * `cdk deploy`, where it took half of the synthesis (docs/development/performance.md); `npm test` turns it
   * on for the compliance gate, next to cfn-lint.
   * @default false
   */
  readonly builtinCloudFormationValidation?: boolean;
  /**
   * Copy the Lambda-layer assets (about 60 MB) into the cloud assembly. Only a deploy reads them.
   * @default true
   */
  readonly stageAssets?: boolean;
}

/** The app, its validated configuration and the one stack built from it. */
export interface Platform {
  readonly app: App;
  readonly config: PlatformConfig;
  readonly stack: PlatformStack;
}

/**
 * Builds the CDK app the same way for every caller: `cdk synth`/`cdk deploy` (bin/platform.ts),
 * `npm run cost` and the tests. Throws a ConfigError, before any construct is built, when a
 * setting is invalid.
 */
export function buildPlatform(options: BuildPlatformOptions = {}): Platform {
  const app = new App({
    outdir: options.outdir,
    context: { ...options.context, ...(options.stageAssets === false ? { 'aws:cdk:disable-asset-staging': true } : {}) },
    builtinCloudFormationValidation: options.builtinCloudFormationValidation ?? false,
  });
  const config = loadConfig(
    app.node.getAllContext() as Record<string, unknown>,
    options.readFile ?? ((path) => readFileSync(path, 'utf8')),
  );

  // The account the CLI found credentials for, as CDK's own environment defaults use it.
  const account = config.account ?? (process.env.CDK_DEFAULT_ACCOUNT || undefined);
  if (account) {
    // With a concrete account CDK would look the zones up in it; they are configuration, so
    // synthesis needs neither credentials nor network.
    app.node.setContext(`availability-zones:account=${account}:region=${config.region}`, [...config.availabilityZones]);
  }

  const stack = new PlatformStack(app, config.names.stack, { env: { account, region: config.region }, config });
  return { app, config, stack };
}
