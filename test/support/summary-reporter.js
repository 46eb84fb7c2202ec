/**
 * Prints the run's totals as one plain line ("jest: N passed, N failed, N skipped, N todo") after
 * jest's own summary, so CI logs can be read by tools that look for that closing line. Todo
 * tests are counted on their own: they are checks the suite declares and does not make.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ` +
        `${results.numPendingTests} skipped, ${results.numTodoTests} todo\n`,
    );
  }
}
module.exports = SummaryReporter;
