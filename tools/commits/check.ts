/**
 * `npm run commits:check`: every commit since the base follows Conventional Commits with a
 * subject of at most 72 characters, a blank line before any body (CONTRIBUTING.md). History
 * before the base is left as it was written.
 *
 *   npm run commits:check                        # the commits in BASE..HEAD (merges excepted)
 *   npm run commits:check -- --base origin/main  # the commits a branch adds
 *   npm run commits:check -- --message-file F    # one message (the commit-msg hook in .githooks/)
 *
 * Where the history cannot say which commits are new (no repository, no commit, a shallow clone
 * or a copy without the project's history), it checks nothing and says so, rather than fail a
 * clean checkout; a --base that history lacks is an error.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runAsScript } from '../../scripts/run-main';

/**
 * The last commit of main before the check: its history is left as it was written (five of its
 * commits since the rule was agreed, at 2304bab, have subjects of 73 to 80 characters).
 */
export const DEFAULT_BASE = '30c52c92a883c517b8bfa1aee2cff22fabaed204';

export const MAX_SUBJECT = 72;

/** The types of @commitlint/config-conventional, the common reading of the specification. */
export const TYPES = ['build', 'chore', 'ci', 'docs', 'feat', 'fix', 'perf', 'refactor', 'revert', 'style', 'test'];

/** `type(scope)!: description`; the scope and the `!` of a breaking change are optional. */
const SUBJECT = new RegExp(`^(${TYPES.join('|')})(\\([^()\\s]+\\))?!?: \\S`);

/** What is wrong with a commit message; none when it follows the rule. */
export function messageProblems(message: string): string[] {
  const lines = message.replace(/\r/g, '').split('\n');
  const subject = lines[0] ?? '';
  const problems: string[] = [];
  if (!SUBJECT.test(subject)) {
    problems.push(`the subject is not "type(scope): description" with a type among ${TYPES.join(', ')}`);
  }
  if (subject.length > MAX_SUBJECT) problems.push(`the subject has ${subject.length} characters, more than ${MAX_SUBJECT}`);
  if (lines.length > 1 && lines[1]?.trim() !== '') problems.push('no blank line between the subject and the body');
  return problems;
}

/** A commit message as git writes it for the commit-msg hook: without its comment lines and trailing blank lines. */
export function editedMessage(text: string): string {
  const scissors = text.indexOf('# ------------------------ >8 ------------------------');
  const kept = scissors >= 0 ? text.slice(0, scissors) : text;
  return kept
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .trim();
}

export interface CommitFinding {
  readonly commit: string;
  readonly subject: string;
  readonly problems: readonly string[];
}

export type CommitCheck =
  { readonly checked: number; readonly base: string; readonly findings: readonly CommitFinding[] } | { readonly skipped: string };

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) return { ok: false, out: '', err: result.error.message };
  return { ok: result.status === 0, out: result.stdout, err: result.stderr.trim() };
}

/**
 * The commits of base..HEAD (merges excepted), each with what is wrong with its message. A base
 * the history lacks is an error when it was given (`given`), and otherwise means a history this
 * check cannot read: a shallow clone, or a copy of the code without the project's history.
 */
export function checkCommits(cwd: string, base: string, given = false): CommitCheck {
  if (!git(cwd, ['rev-parse', '--git-dir']).ok) return { skipped: 'not a git repository' };
  if (!git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']).ok) return { skipped: 'no commit yet' };
  const cannotRead = (why: string): CommitCheck => {
    if (given) throw new Error(`${why}; pass --base <commit or tag> with a commit HEAD descends from`);
    return { skipped: `${why} (--base <commit> names another)` };
  };
  if (!git(cwd, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]).ok) {
    const shallow = git(cwd, ['rev-parse', '--is-shallow-repository']).out.trim() === 'true';
    return cannotRead(shallow ? `a shallow clone without the base ${base}` : `the base ${base} is not in this history`);
  }
  if (!git(cwd, ['merge-base', '--is-ancestor', base, 'HEAD']).ok) return cannotRead(`HEAD does not descend from the base ${base}`);
  const log = git(cwd, ['log', '--no-merges', '--format=%H%x00%B%x1e', `${base}..HEAD`]);
  if (!log.ok) throw new Error(`git log ${base}..HEAD failed: ${log.err}`);
  const commits = log.out
    .split('\x1e')
    .map((entry) => entry.replace(/^\n/, ''))
    .filter((entry) => entry.includes('\0'))
    .map((entry) => {
      const [commit = '', message = ''] = entry.split('\0');
      return { commit: commit.slice(0, 12), message: message.trim() };
    });
  const findings = commits
    .map(({ commit, message }) => ({ commit, subject: message.split('\n')[0] ?? '', problems: messageProblems(message) }))
    .filter((finding) => finding.problems.length > 0);
  return { checked: commits.length, base, findings };
}

/** The report and the exit status of one run. */
export function report(check: CommitCheck): { text: string; status: number } {
  if ('skipped' in check) return { text: `commits:check: checked nothing: ${check.skipped}`, status: 0 };
  const shortBase = /^[0-9a-f]{40}$/.test(check.base) ? check.base.slice(0, 7) : check.base;
  if (check.findings.length === 0) {
    const commits = check.checked === 1 ? '1 commit since' : `${check.checked} commits since`;
    return {
      text: `commits:check: ${commits} ${shortBase} ${check.checked === 1 ? 'follows' : 'follow'} the rule (CONTRIBUTING.md)`,
      status: 0,
    };
  }
  const lines = check.findings.map((f) => `${f.commit} "${f.subject}": ${f.problems.join('; ')}`);
  return {
    text: [
      `commits:check: ${check.findings.length} of ${check.checked} commits since ${shortBase} break the rule (CONTRIBUTING.md):`,
      ...lines,
      'Reword them before they reach main: git rebase -i <base> and "reword" each one.',
    ].join('\n'),
    status: 1,
  };
}

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { base: { type: 'string' }, 'message-file': { type: 'string' } },
  });
  const file = values['message-file'];
  if (file !== undefined) {
    const problems = messageProblems(editedMessage(readFileSync(file, 'utf8')));
    if (problems.length === 0) return 0;
    console.error(`commit message: ${problems.join('; ')} (CONTRIBUTING.md)`);
    return 1;
  }
  const { text, status } = report(checkCommits(process.cwd(), values.base ?? DEFAULT_BASE, values.base !== undefined));
  if (status === 0) console.log(text);
  else console.error(text);
  return status;
}

runAsScript(module, 'npm run commits:check', main);
