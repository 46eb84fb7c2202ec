// eslint-disable-next-line @typescript-eslint/no-require-imports
const SummaryReporter = require('./summary-reporter.js');

function closingLine(results: Record<string, number>): string {
  let written = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => ((written += String(chunk)), true));
  try {
    new SummaryReporter().onRunComplete(new Set(), results);
  } finally {
    write.mockRestore();
  }
  return written;
}

test('the closing summary line counts passed, failed, skipped and todo tests separately', () => {
  const line = closingLine({ numPassedTests: 10, numFailedTests: 1, numPendingTests: 2, numTodoTests: 6 });
  expect(line).toBe('jest: 10 passed, 1 failed, 2 skipped, 6 todo\n');
});
