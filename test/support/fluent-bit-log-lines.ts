/**
 * Lines of Fluent Bit 4's own log, and which of the platform's two Fluent Bit metric filters must
 * count each. The observability unit tests read them through the synthesized filter patterns; the
 * integration suite asks CloudWatch Logs itself (TestMetricFilter) with the deployed filters, which
 * proves the unit tests' reading of the pattern rules agrees with the service.
 */
export interface FluentBitLogLine {
  readonly what: string;
  readonly counted: { readonly OutputErrors: boolean; readonly DroppedRecords: boolean };
  readonly line: string;
}

export const FLUENT_BIT_LOG_LINES: readonly FluentBitLogLine[] = [
  {
    what: 'a delivery error of the CloudWatch Logs output',
    counted: { OutputErrors: true, DroppedRecords: false },
    line:
      '[2026/12/05 04:00:00] [error] [output:cloudwatch_logs:cloudwatch_logs.0] PutLogEvents API responded with ' +
      "error='ThrottlingException'",
  },
  {
    what: 'a chunk that failed to flush and waits for a retry',
    counted: { OutputErrors: true, DroppedRecords: false },
    line:
      "[2026/12/05 04:00:01] [ warn] [engine] failed to flush chunk '1-1764907200.123456789.flb', retry in 9 seconds: task_id=3, " +
      'input=tail.0 > output=cloudwatch_logs.0 (out_id=0)',
  },
  {
    what: 'a chunk dropped after its last retry',
    counted: { OutputErrors: false, DroppedRecords: true },
    line:
      "[2026/12/05 04:01:30] [error] [engine] chunk '1-1764907200.123456789.flb' cannot be retried: task_id=3, input=tail.0 > " +
      'output=cloudwatch_logs.0',
  },
  {
    what: 'the output starting',
    counted: { OutputErrors: false, DroppedRecords: false },
    line: '[2026/12/05 03:59:58] [ info] [output:cloudwatch_logs:cloudwatch_logs.0] worker #0 started',
  },
];

/** A line of Fluent Bit's own log as it reaches the container log group (the kubernetes filter keeps it under `log`). */
export const fluentBitEvent = (line: string) => JSON.stringify({ log: line, stream: 'stderr', kubernetes: { namespace_name: 'logging' } });
