/**
 * `npm run synth`: the CDK app run in-process, the way `cdk synth` runs it, without the CLI.
 *
 * The CLI spends about 1.4 s starting itself before it starts the app; for the app alone that
 * is nearly half the wall time (README, Performance). This entry speaks the same protocol the
 * CLI speaks to the app (context in CDK_CONTEXT_JSON, output directory in CDK_OUTDIR), so
 * cdk.out is the same cloud assembly `npx cdk synth` writes, and `npx cdk deploy` still works
 * as usual. Context: cdk.json, then cdk.context.json, then `-c key=value` arguments.
 *
 * The built-in CloudFormation validation is left off here (CDK_VALIDATION=false in the npm
 * script); `npm test` runs it, cfn-lint and the cdk-nag packs over both profiles.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdkJsonContext, splitContextArgs } from './cdk-cli';

const root = join(__dirname, '..');

function readContextFile(name: string): Record<string, unknown> {
  const path = join(root, name);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
}

function commandLineContext(argv: readonly string[]): Record<string, string> {
  const usage = 'usage: npm run synth -- [-c key=value ...]';
  try {
    const { context, rest } = splitContextArgs(argv);
    if (rest.length > 0) throw new Error(`unknown argument "${rest[0]}"`);
    return context;
  } catch (error) {
    console.error(`${(error as Error).message}; ${usage}`);
    process.exit(2);
  }
}

process.env.CDK_CONTEXT_JSON = JSON.stringify({
  // What the CLI adds by default: resource paths in metadata, no stack traces unless debugging.
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:disable-stack-trace': true,
  ...cdkJsonContext(),
  ...readContextFile('cdk.context.json'),
  ...commandLineContext(process.argv.slice(2)),
});
process.env.CDK_OUTDIR ??= join(root, 'cdk.out');

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the app must load after the environment above is set
require('../bin/platform');
