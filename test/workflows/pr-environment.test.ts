import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { parse } from 'yaml';
import { lazily } from '../support/synth';

const ROOT = join(__dirname, '..', '..');
const workflow = parse(readFileSync(join(ROOT, 'examples/github-workflows/pr-environment.yml'), 'utf8'));
const steps: { name?: string; uses?: string; run?: string; if?: string }[] = Object.values<any>(workflow.jobs)[0].steps;
const indexOf = (pattern: RegExp) => {
  const index = steps.findIndex((step) => pattern.test(step.run ?? ''));
  expect({ pattern: String(pattern), found: index >= 0 }).toEqual({ pattern: String(pattern), found: true });
  return index;
};

describe('actionlint (pinned in tools/actionlint, with ShellCheck)', () => {
  // The first run builds actionlint from Go modules and installs ShellCheck; later runs reuse them.
  const tools = () =>
    execFileSync(join(ROOT, 'tools/actionlint/build.sh'), { encoding: 'utf8', timeout: 300_000 }).trim().split('\n').pop()!;

  test('finds nothing in the workflows', () => {
    const result = spawnSync(join(ROOT, 'tools/lint-workflows.sh'), { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  }, 300_000);

  test('is live: it reports an unknown action input and an unquoted variable in a run script', () => {
    const dir = tools();
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          reff: main',
      '      - run: echo $FOO',
      '',
    ].join('\n');
    const result = spawnSync(join(dir, 'actionlint'), ['-no-color', '-shellcheck', join(dir, 'venv/bin/shellcheck'), '-'], {
      input: broken,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('input "reff" is not defined');
    expect(result.stdout).toContain('SC2086');
  }, 300_000);
});

describe('the pull-request workflow plans before it applies', () => {
  test('test, then diff, then cost, then deploy, then the integration suite, then destroy', () => {
    const order = [
      /^\.ci\/run$/,
      /npx cdk diff/,
      /npm run --silent cost -- .*--compare/,
      /npm run deploy/,
      /npm run test:integration/,
      /npm run destroy/,
    ].map(indexOf);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  test('the diff and the cost difference go to the job summary', () => {
    for (const pattern of [/npx cdk diff/, /--compare/]) expect(steps[indexOf(pattern)].run).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  test('the cost difference is against the base branch, priced by the base branch', () => {
    const cost = steps[indexOf(/--compare/)].run!;
    expect(cost).toContain('git worktree add "$RUNNER_TEMP/base" "$BASE_SHA"');
    expect(cost).toMatch(/cd "\$RUNNER_TEMP\/base" && npm ci .* npm run --silent cost -- .* --json > "\$RUNNER_TEMP\/base-cost.json"/s);
  });

  test('approvals are skipped in the deploy step and nowhere else', () => {
    const skipping = steps.filter((step) => /--require-approval never/.test(step.run ?? ''));
    expect(skipping).toEqual([steps[indexOf(/npm run deploy/)]]);
  });

  test('the integration suite runs strict (CI=true) and destroy runs whatever failed before it', () => {
    expect(workflow.env.CI).toBe('true');
    expect(steps[indexOf(/npm run destroy/)].if).toMatch(/^always\(\)/);
  });

  test('diff, cost, deploy and destroy name the same environment: one settings file', () => {
    for (const pattern of [/npx cdk diff/, /--compare/, /npm run deploy/, /npm run destroy/]) {
      expect(steps[indexOf(pattern)].run).toContain('-c "configFile=$SETTINGS_FILE"');
    }
  });
});

describe('the plan step runs the pinned CDK CLI as a first push would', () => {
  // A stack that does not exist reads as an empty template (CloudFormationStack.template() in the
  // CLI), so comparing with an empty template file is what the first push's diff shows. No AWS call.
  const dir = mkdtempSync(join(tmpdir(), 'pr-diff-'));
  // Synthesized by the first test that runs the CLI (lazily), not while the file loads: under the
  // mutation runs' mocha runner no test file synthesizes an app while it loads.
  const plannedDir = lazily(() => {
    const app = new App({ outdir: join(dir, 'assembly'), builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Planned', { env: { account: '111111111111', region: 'ap-southeast-1' } });
    new CfnResource(stack, 'Queue', { type: 'AWS::SQS::Queue' });
    new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' });
    app.synth();
    writeFileSync(join(dir, 'empty.json'), '{}');
    // A project may turn the CLI's default off; the plan must not depend on it.
    writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ context: { 'aws-cdk:enableDiffNoFail': false } }));
    return dir;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The flags the workflow gives `cdk diff`, less the settings file (the assembly here is prebuilt). */
  const workflowFlags = (): string[] => {
    const command = /npx cdk diff (.*?) 2>&1/.exec(steps[indexOf(/npx cdk diff/)].run!)![1];
    return command.replace('-c "configFile=$SETTINGS_FILE"', '').trim().split(/\s+/).filter(Boolean);
  };
  const diff = (template: string) =>
    spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/aws-cdk/bin/cdk'), 'diff', '--app', 'assembly', '--template', template, '--no-notices', ...workflowFlags()],
      { cwd: plannedDir(), encoding: 'utf8', timeout: 120_000, env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' } },
    );

  test('every resource is listed as added, and the expected difference does not fail the step', () => {
    const result = diff('empty.json');
    expect(result.stderr + result.stdout).toMatch(/\[\+\] AWS::SQS::Queue Queue/);
    expect(result.stderr + result.stdout).toMatch(/\[\+\] AWS::SNS::Topic Topic/);
    expect(result.stderr + result.stdout).toContain('Number of stacks with differences: 1');
    expect(result.status).toBe(0);
  }, 120_000);

  test('an error still fails it', () => {
    expect(diff('missing.json').status).not.toBe(0);
  }, 120_000);
});
