/**
 * Prints the run's totals as one plain line ("jest: N passed, N failed, N skipped") after
 * jest's own summary, so CI logs can be read by tools that look for that closing line.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
