import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const WORKFLOWS = ['.github/workflows/ci.yml', 'examples/github-workflows/pr-environment.yml'];

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
const stepsOf = (path: string): Step[] => Object.values<{ steps: Step[] }>(parse(read(path)).jobs).flatMap((job) => job.steps);

describe("this repository's CI (.github/workflows/ci.yml)", () => {
  const workflow = parse(read('.github/workflows/ci.yml'));

  test('runs .ci/run on every push and pull request', () => {
    expect(Object.keys(workflow.on)).toEqual(['push', 'pull_request']);
    expect(
      stepsOf('.github/workflows/ci.yml')
        .map((step) => step.run)
        .filter(Boolean),
    ).toEqual(['.ci/run']);
  });

  test('checks out the full history, which npm run commits:check reads', () => {
    const checkout = stepsOf('.github/workflows/ci.yml').find((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
  });
});

describe('the workflows take tool versions from the repository, not from copies of their pins', () => {
  const cfnLintPin = /^cfn-lint==(\S+)$/m.exec(read('requirements.txt'))![1];

  test.each(WORKFLOWS)('%s: any cfn-lint version it names is the one in requirements.txt', (path) => {
    const named = [...read(path).matchAll(/cfn-lint==(\S+)/g)].map((match) => match[1]);
    expect(named.filter((version) => version !== cfnLintPin)).toEqual([]);
  });

  test.each(WORKFLOWS)("%s: Go is the version of the control plane's go.mod", (path) => {
    const setupGo = stepsOf(path).filter((step) => step.uses?.startsWith('actions/setup-go@'));
    expect(setupGo.map((step) => step.with)).toEqual([{ 'go-version-file': 'tools/control-plane/go.mod' }]);
  });
});
