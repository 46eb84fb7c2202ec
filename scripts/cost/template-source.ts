/**
 * The template `npm run cost` prices: cdk.out's, only when it was built from exactly these
 * settings by the current code, and otherwise a fresh in-process synthesis. A report never
 * prices one environment under another's name.
 */
import { isDeepStrictEqual } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadConfig, PlatformConfig } from '../../lib/config/load';
import { buildPlatform } from '../../lib/build-platform';
import { recordedSettings, SETTINGS_METADATA_KEY } from '../../lib/platform-stack';
import { cdkJsonContext } from '../cdk-cli';
import type { CfnTemplate } from './report';

const ROOT = join(__dirname, '..', '..');

export interface TemplateSource {
  readonly template: CfnTemplate;
  /** Where it came from, for the reader: a cdk.out path, or "synthesized in-process" and why. */
  readonly origin: string;
}

function newestSourceChange(): number {
  const times: number[] = [statSync(join(ROOT, 'cdk.json')).mtimeMs];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else times.push(statSync(path).mtimeMs);
    }
  };
  walk(join(ROOT, 'bin'));
  walk(join(ROOT, 'lib'));
  return Math.max(...times);
}

/** The settings that differ between two records, by path, as "path recorded there, wanted here". */
function differences(recorded: unknown, wanted: unknown, path = ''): string[] {
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (isRecord(recorded) && isRecord(wanted)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(wanted)])];
    return keys.flatMap((key) => differences(recorded[key], wanted[key], path ? `${path}.${key}` : key));
  }
  if (isDeepStrictEqual(recorded, wanted)) return [];
  return [`${path} ${JSON.stringify(recorded) ?? '(unset)'} there, ${JSON.stringify(wanted) ?? '(unset)'} here`];
}

/**
 * cdk.out's template for these settings, or why it cannot be used: missing, older than the
 * code, or built from other settings (its Metadata records the resolved settings).
 */
export function fromAssembly(config: PlatformConfig, assemblyDir: string): { source: TemplateSource } | { reason: string } {
  const path = join(assemblyDir, `${config.names.stack}.template.json`);
  const shown = path.startsWith(ROOT) ? relative(ROOT, path) : path;
  let modified: number;
  try {
    modified = statSync(path).mtimeMs;
  } catch {
    return { reason: `no ${shown}` };
  }
  if (modified < newestSourceChange()) return { reason: `${shown} is older than the last change to bin/, lib/ or cdk.json` };
  const template = JSON.parse(readFileSync(path, 'utf8')) as CfnTemplate;
  const recorded = template.Metadata?.[SETTINGS_METADATA_KEY] as Record<string, unknown> | undefined;
  if (!recorded) return { reason: `${shown} does not record the settings it was built from` };
  const changed = differences(recorded, recordedSettings(config));
  if (changed.length > 0) return { reason: `${shown} was built from other settings (${changed.join('; ')})` };
  return { source: { template, origin: shown } };
}

/** Builds the app with buildPlatform, as `cdk synth` and the tests do, and returns the stack's template. */
export function synthesizeInProcess(context: Record<string, unknown>): CfnTemplate {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-cost-'));
  try {
    // Nothing here reads the 60 MB of Lambda layer assets, so they are not staged.
    const { app, stack } = buildPlatform({ outdir, context, stageAssets: false });
    return app.synth().getStackByName(stack.stackName).template as CfnTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export interface TemplateRequest {
  readonly context: Record<string, string>;
  /** Skip cdk.out and synthesize. */
  readonly synth: boolean;
  /** Where `npm run synth` writes the cloud assembly. */
  readonly assemblyDir?: string;
}

export function templateFor(request: TemplateRequest): { config: PlatformConfig; source: TemplateSource } {
  const context = { ...cdkJsonContext(), ...request.context };
  const config = loadConfig(context, (path) => readFileSync(path, 'utf8'));
  const assembly = request.synth ? { reason: '--synth' } : fromAssembly(config, request.assemblyDir ?? join(ROOT, 'cdk.out'));
  if ('source' in assembly) return { config, source: assembly.source };
  return { config, source: { template: synthesizeInProcess(context), origin: `synthesized in-process (${assembly.reason})` } };
}
