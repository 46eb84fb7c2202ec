import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

/**
 * No line over 140 characters. TypeScript: ESLint's max-len (eslint.config.cjs, run by `npm test`),
 * shown here to refuse a 141-character line of every kind Prettier leaves whole. Everything else
 * that is code and that ESLint does not read (shell scripts, workflows, JavaScript, Go): checked
 * here, line by line.
 */
const ROOT = join(__dirname, '..', '..');
const MAX_LINE = 140;

// Jest cannot import an ES module config, so the test hands ESLint the project's config itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: require('../../eslint.config.cjs') });

async function lengthFindings(line: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${line}\nexport const used = 1;\n`, { filePath: join(ROOT, 'lib/new-construct.ts') });
  return result.messages.filter((m) => m.ruleId === 'max-len').map((m) => `${m.line}: ${m.message}`);
}

/** A line of exactly `length` characters: `before`, then `x` repeated, then `after`. */
const lineOf = (length: number, before: string, after = '') => `${before}${'x'.repeat(length - before.length - after.length)}${after}`;

describe('ESLint refuses a TypeScript line over 140 characters', () => {
  const kinds: [string, string, string][] = [
    ['code', 'export const ', ' = 1;'],
    ['a string', "export const message = '", "';"],
    ['a template literal', 'export const message = `', '`;'],
    ['a regular expression', 'export const pattern = /', '/;'],
    ['a comment', '// ', ''],
  ];

  it.each(kinds)('%s of 141 characters is refused', async (_kind, before, after) => {
    expect(await lengthFindings(lineOf(141, before, after))).toEqual(['1: This line has a length of 141. Maximum allowed is 140.']);
  });

  it.each(kinds)('%s of 140 characters is allowed', async (_kind, before, after) => {
    expect(await lengthFindings(lineOf(140, before, after))).toEqual([]);
  });

  test('a line holding a URL may be longer: a URL cannot be split', async () => {
    expect(await lengthFindings(lineOf(200, '// see https://example.com/'))).toEqual([]);
  });
});

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
      expect.arrayContaining(['.ci/run', 'scripts/setup-test-tools.sh', '.github/workflows/pr-environment.yml', 'jest.config.js']),
    );
  });

  test('the check finds a line of 141 characters and passes one of 140', () => {
    expect(longLines('a.sh', `echo ok\n${lineOf(141, 'echo ')}\n${lineOf(140, 'echo ')}\n`)).toEqual(['a.sh:2 has 141 characters']);
  });

  test('no line over 140 characters', () => {
    expect(files.flatMap((file) => longLines(file, readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });
});
