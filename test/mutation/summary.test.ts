import { countMutants, folderOf, summaryMarkdown } from '../../tools/mutation/summary';

test('the score counts timeouts as killed and leaves compile errors and ignored mutants out', () => {
  expect(countMutants(['Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'Ignored', 'Killed'])).toEqual({
    mutants: 5,
    killed: 3,
    survived: 1,
    noCoverage: 1,
    compileErrors: 1,
    ignored: 1,
    score: 60,
  });
});

test('a file whose mutants the checker all rejected has no score rather than 0 or 100 %', () => {
  expect(countMutants(['CompileError']).score).toBeUndefined();
});

test('the summary gives the total score first, then one row per file in path order and the total', () => {
  const lines = summaryMarkdown({
    files: {
      'lib/b.ts': { mutants: [{ status: 'Survived' }, { status: 'Killed' }] },
      'lib/a.ts': { mutants: [{ status: 'Killed' }, { status: 'Killed' }] },
    },
  }).split('\n');
  expect(lines[0]).toBe('Mutation score: 75.0 %');
  expect(lines.filter((line) => line.startsWith('| `') || line.startsWith('| **'))).toEqual([
    '| `lib/a.ts` | 2 | 2 | 0 | 0 | 100.0 % | 0 | 0 |',
    '| `lib/b.ts` | 2 | 1 | 1 | 0 | 50.0 % | 0 | 0 |',
    '| **total** | 4 | 3 | 1 | 0 | 75.0 % | 0 | 0 |',
  ]);
});

test('by folder, the files of a folder make one row, and compile errors and static mutants are counted apart', () => {
  const lines = summaryMarkdown(
    {
      files: {
        'lib/tenancy/a.ts': { mutants: [{ status: 'Killed' }, { status: 'CompileError' }] },
        'lib/tenancy/b/c.ts': { mutants: [{ status: 'Survived' }, { status: 'Ignored' }] },
        'lib/platform-stack.ts': { mutants: [{ status: 'NoCoverage' }] },
        'scripts/lifecycle/deploy.ts': { mutants: [{ status: 'Timeout' }] },
      },
    },
    { byFolder: true },
  ).split('\n');
  expect(lines[0]).toBe('Mutation score: 50.0 %');
  expect(lines.filter((line) => line.startsWith('| `') || line.startsWith('| **'))).toEqual([
    '| `lib/platform-stack.ts` | 1 | 0 | 0 | 1 | 0.0 % | 0 | 0 |',
    '| `lib/tenancy` | 2 | 1 | 1 | 0 | 50.0 % | 1 | 1 |',
    '| `scripts/lifecycle` | 1 | 1 | 0 | 0 | 100.0 % | 0 | 0 |',
    '| **total** | 4 | 2 | 1 | 1 | 50.0 % | 1 | 1 |',
  ]);
});

test('a folder is the first two parts of a path; a file directly under lib/ is its own', () => {
  expect([folderOf('lib/tenancy/x.ts'), folderOf('lib/platform-stack.ts'), folderOf('scripts/lifecycle/a/b.ts')]).toEqual([
    'lib/tenancy',
    'lib/platform-stack.ts',
    'scripts/lifecycle',
  ]);
});
