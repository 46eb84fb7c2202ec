import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCommits, editedMessage, messageProblems, report } from '../../tools/commits/check';

describe('a commit message follows Conventional Commits with a subject of at most 72 characters', () => {
  test.each([
    'fix(cost): price Spot node groups by their pool',
    'feat!: drop the v1 settings file',
    'build(lint): typed lint with recommendedTypeChecked\n\nWhy, and what it measured.',
    `docs: ${'x'.repeat(66)}`, // 72 characters
  ])('passes: %s', (message) => {
    expect(messageProblems(message)).toEqual([]);
  });

  test('a subject of 73 characters is refused, saying how long it is', () => {
    expect(messageProblems(`docs: ${'x'.repeat(67)}`)).toEqual(['the subject has 73 characters, more than 72']);
  });

  test.each([
    'The tests of reading context move out of flatten-outputs.test.ts',
    'fixed(cost): a type the specification does not know',
    'Fix(cost): a capital type',
    'fix(cost) no colon',
    'fix(cost):',
    'fix (cost): a space before the scope',
  ])('refuses a subject that is not type(scope): description: %s', (message) => {
    expect(messageProblems(message)).toEqual([expect.stringContaining('is not "type(scope): description"')]);
  });

  test('refuses a body that does not follow a blank line', () => {
    expect(messageProblems('fix(cost): price Spot\nbecause the pool')).toEqual(['no blank line between the subject and the body']);
  });

  test('the commit-msg hook reads the message without the comments git adds', () => {
    const edited =
      'fix(cost): price Spot\n\nWhy.\n# Please enter the commit message\n# ------------------------ >8 ------------------------\ndiff';
    expect(editedMessage(edited)).toBe('fix(cost): price Spot\n\nWhy.');
  });
});

function withoutGitLocation(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { GIT_DIR: _dir, GIT_WORK_TREE: _tree, GIT_INDEX_FILE: _index, ...rest } = env;
  return rest;
}

describe('the commits since the base, in a real repository', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      // A hook that runs the tests sets GIT_DIR for its own repository; these commands mean the one in cwd.
      env: {
        ...withoutGitLocation(process.env),
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    }).trim();
  let files = 0;
  const commit = (cwd: string, message: string) => {
    const file = `file-${++files}.txt`;
    writeFileSync(join(cwd, file), message);
    git(cwd, 'add', file);
    git(cwd, '-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', message);
    return git(cwd, 'rev-parse', 'HEAD');
  };

  const repo = mkdtempSync(join(tmpdir(), 'commit-check-'));
  git(repo, 'init', '-q', '-b', 'main');
  commit(repo, 'A long subject written before the rule, which the check leaves alone as history');
  const base = commit(repo, 'The last commit before the rule');
  commit(repo, 'fix(cost): price Spot node groups by their pool');
  git(repo, 'checkout', '-q', '-b', 'side');
  commit(repo, 'feat(bench): call the estimator as a function');
  git(repo, 'checkout', '-q', 'main');
  const bad = commit(repo, 'Prices Spot too');
  git(repo, 'merge', '-q', '--no-edit', '--no-ff', 'side');
  git(repo, 'checkout', '-q', '-b', 'unmerged', base);
  commit(repo, 'test: a branch main never took');
  git(repo, 'checkout', '-q', 'main');

  test('reports each commit after the base that breaks the rule, and skips merges and the history before it', () => {
    const check = checkCommits(repo, base);
    expect(check).toEqual({
      checked: 3,
      base,
      findings: [{ commit: bad.slice(0, 12), subject: 'Prices Spot too', problems: [expect.stringContaining('type(scope)')] }],
    });
    expect(report(check)).toEqual({ text: expect.stringContaining(`${bad.slice(0, 12)} "Prices Spot too"`), status: 1 });
  });

  test('passes when every commit since the base follows the rule', () => {
    expect(report(checkCommits(repo, bad))).toEqual({
      text: `commits:check: 1 commit since ${bad.slice(0, 7)} follows the rule (CONTRIBUTING.md)`,
      status: 0,
    });
  });

  test('a shallow clone without the base checks nothing and says so, rather than fail', () => {
    const shallow = join(mkdtempSync(join(tmpdir(), 'commit-check-shallow-')), 'clone');
    git(repo, 'clone', '-q', '--depth', '1', `file://${repo}`, shallow);
    const check = checkCommits(shallow, base);
    expect(check).toEqual({ skipped: expect.stringContaining('a shallow clone without the base') });
    expect(report(check).status).toBe(0);
  });

  test('outside a repository: checks nothing and says so', () => {
    expect(checkCommits(mkdtempSync(join(tmpdir(), 'commit-check-none-')), base)).toEqual({ skipped: 'not a git repository' });
  });

  test('a copy without the base in its history checks nothing and says so; a base given with --base must exist', () => {
    const missing = '0123456789abcdef0123456789abcdef01234567';
    expect(checkCommits(repo, missing)).toEqual({ skipped: expect.stringContaining(`the base ${missing} is not in this history`) });
    expect(() => checkCommits(repo, missing, true)).toThrow(`the base ${missing} is not in this history; pass --base`);
    expect(() => checkCommits(repo, 'unmerged', true)).toThrow('HEAD does not descend from the base unmerged');
  });
});
