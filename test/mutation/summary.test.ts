import { countMutants, summaryMarkdown } from '../../tools/mutation/summary';

test('the score counts timeouts as killed and leaves compile errors and ignored mutants out', () => {
  expect(countMutants(['Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'Ignored', 'Killed'])).toEqual({
    mutants: 5,
    killed: 3,
    survived: 1,
    noCoverage: 1,
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
    '| `lib/a.ts` | 2 | 2 | 0 | 0 | 100.0 % |',
    '| `lib/b.ts` | 2 | 1 | 1 | 0 | 50.0 % |',
    '| **total** | 4 | 3 | 1 | 0 | 75.0 % |',
  ]);
});
