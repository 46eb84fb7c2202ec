/**
 * The last line of `npm run synth` (its npm `postsynth` step): for each stack in the cloud
 * assembly, its name, profile, resource count and the output directory. It reads the assembly
 * the synthesis just wrote (CDK_OUTDIR, else cdk.out), so it works after `cdk synth` as well.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SETTINGS_METADATA_KEY } from '../lib/platform-stack';
import { runMain } from './run-main';

/** What the summary reads of a stack's template. */
interface StackTemplate {
  readonly Metadata?: Record<string, { readonly profile?: string } | undefined>;
  readonly Resources?: Record<string, unknown>;
}

interface Manifest {
  readonly artifacts?: Record<string, { readonly type: string; readonly properties?: { readonly templateFile?: string } }>;
}

export function synthSummary(assemblyDir: string, shownDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(assemblyDir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.entries(manifest.artifacts ?? {})
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile)
    .map(([name, artifact]) => {
      const template = JSON.parse(readFileSync(join(assemblyDir, artifact.properties!.templateFile!), 'utf8')) as StackTemplate;
      const profile = template.Metadata?.[SETTINGS_METADATA_KEY]?.profile ?? 'unknown';
      const resources = Object.keys(template.Resources ?? {}).length;
      return `${name}: profile ${profile}, ${resources} resources, ${shownDir}`;
    });
}

if (require.main === module) {
  void runMain('npm run synth', () => {
    const root = join(__dirname, '..');
    const assemblyDir = process.env.CDK_OUTDIR ?? join(root, 'cdk.out');
    const shown = assemblyDir.startsWith(root) ? relative(root, assemblyDir) : assemblyDir;
    console.log(synthSummary(assemblyDir, shown).join('\n'));
  });
}
