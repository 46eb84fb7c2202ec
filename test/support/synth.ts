import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, AppProps, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildPlatform, Platform } from '../../lib/build-platform';
import { addCompliancePacks } from '../../lib/compliance/packs';
import { loadConfig, PlatformConfig } from '../../lib/config/load';
import { cdkJsonContext } from '../../scripts/cdk-cli';
import { creditCoverage, isLoadingTestFile, strykerContext, withReachedMutants } from '../../tools/mutation/coverage';
import { cachedJson, diskCacheEnabled, sha256 } from './synth-cache';

export interface Synthesized {
  readonly app: App;
  readonly stack: Stack;
  readonly template: Template;
  readonly config: PlatformConfig;
  /** The cloud assembly's directory, synthesized into (but for the compliance gate, which synthesizes itself). */
  readonly outdir: string;
}

export interface SynthOptions {
  /** Run the cdk-nag packs and the built-in CloudFormation validation during synthesis (slower; only the compliance test needs it). */
  readonly compliance?: boolean;
  /**
   * Read and write the template cache on disk (default true). Off for a test that changes what
   * synthesis does at run time (jest.mock of a lib/ module, an edited table): the cache key knows
   * the sources on disk, not what a test file does to them.
   */
  readonly diskCache?: boolean;
}

/**
 * A value produced on first read and reused: a test file's template, or what it takes from one.
 * Derive from a template with it where the cases are declared, and read the value inside tests.
 *
 * Under StrykerJS (tools/mutation/jest-on-mocha.ts): its mocha runner loads each test file once
 * and reruns the tests for every mutant, so the value is produced again for each mutant switched
 * on; and under per-test coverage analysis, the mutants its production reached are credited
 * again to every later test that reads it (those tests assert on the same synthesis, so Stryker
 * must run them too for a mutant the synthesis reaches). A value produced while a test file
 * loads would be computed once, before any mutant is on: every mutant it reached would be
 * "static" (Stryker would rerun the whole suite in a new process for each), so that throws.
 */
export function lazily<T>(produce: () => T): () => T {
  let produced: { value: T; mutants: readonly string[]; mutant: string | undefined } | undefined;
  return () => {
    const context = strykerContext();
    if (produced && produced.mutant === context?.activeMutant) {
      creditCoverage(produced.mutants);
      return produced.value;
    }
    if (!context) {
      produced = { value: produce(), mutants: [], mutant: undefined };
      return produced.value;
    }
    if (isLoadingTestFile()) {
      throw new Error(
        'A test file read a template while loading: read it inside a test (lazily in test/support/synth.ts), or every mutant is static',
      );
    }
    const { value, reached } = withReachedMutants(context, produce);
    produced = { value, mutants: reached, mutant: context.activeMutant };
    creditCoverage(reached);
    return value;
  };
}

/**
 * A Template that loads on its first use. Tests take the template apart where they declare their
 * cases (`const { template } = synthesize(...)` in a describe block); loading it only when a test
 * reads it keeps the synthesis inside that test, where Stryker can tell which test reaches which
 * mutant, and skips it entirely for a test file whose selected tests do not read it.
 */
function lazyTemplate(load: () => Template): Template {
  return new Proxy(Object.create(Template.prototype) as Template, {
    get(_target, property) {
      const template = load();
      const value: unknown = Reflect.get(template, property, template);
      return typeof value === 'function' ? value.bind(template) : value;
    },
  });
}

/** What besides the sources decides the template: the settings, a configuration file they name, the environment CDK reads. */
function cacheKey(context: Record<string, unknown>): string {
  const configFile = context.configFile;
  return JSON.stringify({
    context,
    configFile: typeof configFile === 'string' ? sha256(readFileSync(configFile)) : undefined,
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
    cliContext: process.env.CDK_CONTEXT_JSON,
  });
}

const cache = new Map<string, Synthesized>();

/** An ACM certificate of the region, for settings that need one (production's internal class). */
export function sampleCertificate(region = 'ap-southeast-1'): string {
  return `arn:aws:acm:${region}:123456789012:certificate/5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d`;
}

/** The settings of production's internal certificate, as `-c ingress=...` or a settings file gives them. */
export function internalCertificateSettings(region?: string): { ingress: { internal: { certificateArn: string } } } {
  return { ingress: { internal: { certificateArn: sampleCertificate(region) } } };
}

/**
 * Production requires a certificate for its internal load balancers. Settings that name the
 * production profile and say nothing about ingress (nor name a settings file) get the sample
 * one, as a real production configuration names its own; the rule itself is tested in
 * test/config.
 */
function withInternalCertificate(context: Record<string, unknown>): Record<string, unknown> {
  const needsOne = context.platformProfile === 'production' && context.ingress === undefined && context.configFile === undefined;
  const region = typeof context.region === 'string' ? context.region : undefined;
  return needsOne ? { ...context, ...internalCertificateSettings(region) } : context;
}

/**
 * The platform for a configuration, as `cdk synth` builds it (cdk.json's feature flags, then the
 * settings as context), without staging the 60 MB of Lambda layer assets (nothing here reads
 * them). Everything is produced when first read: `config` by loadConfig alone; `template` from
 * a cache on disk shared by every test file and worker of a run and by later runs, keyed by a
 * hash of the synthesis sources and the settings, so each configuration is synthesized once
 * until the code changes; `app`, `stack` and `outdir` by synthesizing in this process, for the
 * few tests that read the construct tree or the cloud assembly. Reused within a test file for
 * the same configuration.
 */
export function synthesize(settings: Record<string, unknown> = {}, options: SynthOptions = {}): Synthesized {
  const context = withInternalCertificate(settings);
  const key = JSON.stringify({ context, options });
  const cached = cache.get(key);
  if (cached) return cached;

  const fullContext = { ...cdkJsonContext(), ...context };
  const outdir = lazily(() => mkdtempSync(join(tmpdir(), 'platform-test-')));
  const config = lazily(() => loadConfig(fullContext, (path) => readFileSync(path, 'utf8')));
  const platform = lazily((): Platform => {
    const built = buildPlatform({
      outdir: outdir(),
      context: fullContext,
      stageAssets: false,
      // The built-in CloudFormation validation runs with the compliance packs (the compliance test
      // fails on its findings too); elsewhere it would only add seconds to every synthesis.
      builtinCloudFormationValidation: options.compliance === true,
    });
    if (options.compliance) addCompliancePacks(built.app);
    return built;
  });
  // With the packs on, synthesis throws on a finding, and the compliance test wants to
  // synthesize itself and list the findings: it gets the app's directory as it is.
  const assembly = lazily(() => {
    if (!options.compliance) platform().app.synth();
    return outdir();
  });
  const synthesizedHere = () => Template.fromStack(platform().stack);
  const template = lazily(() =>
    options.compliance || options.diskCache === false || !diskCacheEnabled()
      ? synthesizedHere()
      : Template.fromJSON(cachedJson(cacheKey(context), () => synthesizedHere().toJSON()) as Record<string, unknown>),
  );

  const result: Synthesized = {
    get app() {
      return platform().app;
    },
    get stack() {
      return platform().stack;
    },
    get config() {
      return config();
    },
    get outdir() {
      return assembly();
    },
    template: lazyTemplate(template),
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
export function bareStack(options: Pick<AppProps, 'builtinCloudFormationValidation'> = {}): Stack {
  const app = new App({
    context: cdkJsonContext(),
    outdir: mkdtempSync(join(tmpdir(), 'construct-test-')),
    // As in the app (lib/build-platform.ts): the validation engine takes 4 to 9 s to start in
    // every test file, and the compliance gate runs it over both profiles' whole templates.
    builtinCloudFormationValidation: options.builtinCloudFormationValidation ?? false,
  });
  return new Stack(app, 'Bare', { env: BARE_ENV });
}
