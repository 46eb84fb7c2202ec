import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * No line over 140 characters. TypeScript: ESLint's max-len (eslint.config.cjs). Everything else
 * that is code and that ESLint does not read (shell scripts, workflows, JavaScript, Go): checked
 * here, line by line.
 */
const ROOT = join(__dirname, '..', '..');
const MAX_LINE = 140;

/** A line of exactly `length` characters: `before`, then `x` repeated. */
const lineOf = (length: number, before: string) => `${before}${'x'.repeat(length - before.length)}`;

/** Code ESLint does not read: by extension, and extension-less scripts by their `#!` line. */
function codeEslintSkips(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  return tracked.filter((file) => {
    if (!existsSync(join(ROOT, file)) || file.endsWith('.ts')) return false;
    if (/\.(sh|ya?ml|js|mjs|cjs|go)$/.test(file)) return true;
    return !file.includes('.', file.lastIndexOf('/') + 1) && readFileSync(join(ROOT, file), 'utf8').startsWith('#!');
  });
}

function longLines(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, index) => (line.length > MAX_LINE ? [`${file}:${index + 1} has ${line.length} characters`] : []));
}

describe('shell scripts, workflows, JavaScript and Go keep to 140 characters a line', () => {
  const files = codeEslintSkips();

  test('the check reads the files it is meant to', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        '.ci/run',
        'tools/setup-test-tools.sh',
        '.github/workflows/ci.yml',
        'examples/github-workflows/pr-environment.yml',
        'jest.config.js',
      ]),
    );
  });

  test('the check finds a line of 141 characters and passes one of 140', () => {
    expect(longLines('a.sh', `echo ok\n${lineOf(141, 'echo ')}\n${lineOf(140, 'echo ')}\n`)).toEqual(['a.sh:2 has 141 characters']);
  });

  test('no line over 140 characters', () => {
    expect(files.flatMap((file) => longLines(file, readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });
});
