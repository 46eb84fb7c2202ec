import type { FilterLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { FilterLogEvents, waitForMarker } from '../integration/support/marker-poller';

interface StoredEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly logStreamName: string;
  /** Fake-clock time from which the event is searchable (ingestion delay). */
  readonly visibleAt: number;
}

/**
 * An in-process stand-in for CloudWatch Logs FilterLogEvents as the service documents it:
 * events at or after startTime, a quoted filter pattern matches messages containing the term,
 * `limit` caps a page, and results come in pages linked by nextToken.
 */
function fakeLogs(events: StoredEvent[], pageSize = 2) {
  let clock = 0;
  const calls: FilterLogEventsCommandInput[] = [];
  const sleeps: number[] = [];
  const filterLogEvents: FilterLogEvents = async (input) => {
    calls.push(input);
    const term = input.filterPattern?.replace(/^"(.*)"$/, '$1');
    const matching = events.filter(
      (event) =>
        event.visibleAt <= clock && event.timestamp >= (input.startTime ?? 0) && (term === undefined || event.message.includes(term)),
    );
    const offset = Number(input.nextToken ?? 0);
    const size = Math.min(pageSize, input.limit ?? pageSize);
    const page = matching.slice(offset, offset + size);
    const more = offset + size < matching.length;
    return {
      events: page.map(({ timestamp, message, logStreamName }) => ({ timestamp, message, logStreamName })),
      nextToken: more ? String(offset + size) : undefined,
    };
  };
  return {
    filterLogEvents,
    calls,
    sleeps,
    now: () => clock,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    },
    elapsed: () => clock,
  };
}

const MARKER = 'integration-marker-7f3a';
const GROUP = '/aws/eks/fintech-eks-pr42/containers';
const noise = (timestamp: number, visibleAt = 0): StoredEvent => ({
  timestamp,
  message: `GET /healthz 200 at ${timestamp}`,
  logStreamName: 'kube.var.log.containers.web_dev_app.log',
  visibleAt,
});

function search(logs: ReturnType<typeof fakeLogs>, timeoutMs = 120_000) {
  return {
    filterLogEvents: logs.filterLogEvents,
    logGroupName: GROUP,
    marker: MARKER,
    since: 1_000,
    timeoutMs,
    now: logs.now,
    sleep: logs.sleep,
  };
}

test('finds the marker once it arrives, polling with growing waits capped at the maximum', async () => {
  const logs = fakeLogs([noise(1_500), { timestamp: 2_000, message: `hello ${MARKER}\n`, logStreamName: 'marker-pod', visibleAt: 75_000 }]);
  const event = await waitForMarker(search(logs));
  expect(event.message).toContain(MARKER);
  expect(event.logStreamName).toBe('marker-pod');
  expect(logs.sleeps).toEqual([2_000, 4_000, 8_000, 16_000, 20_000, 20_000, 20_000]);
  expect(logs.elapsed()).toBeGreaterThanOrEqual(75_000);
  expect(logs.calls.every((call) => call.logGroupName === GROUP && call.startTime === 1_000)).toBe(true);
});

/** A service that ignores the filter pattern: the poller must still check each message itself. */
function withoutPattern(inner: FilterLogEvents): FilterLogEvents {
  return (input) => inner({ ...input, filterPattern: undefined });
}

test('follows nextToken through the pages of one poll and checks each message itself', async () => {
  const logs = fakeLogs(
    [noise(1_100), noise(1_200), noise(1_300), { timestamp: 1_400, message: MARKER, logStreamName: 'page-4', visibleAt: 0 }],
    1,
  );
  const event = await waitForMarker({ ...search(logs), filterLogEvents: withoutPattern(logs.filterLogEvents) });
  expect(event.logStreamName).toBe('page-4');
  expect(logs.calls.map((call) => call.nextToken)).toEqual([undefined, '1', '2', '3']);
  expect(logs.sleeps).toEqual([]);
});

test('does not count a marker logged before the search began', async () => {
  const logs = fakeLogs([{ timestamp: 999, message: MARKER, logStreamName: 'old', visibleAt: 0 }]);
  await expect(waitForMarker(search(logs, 10_000))).rejects.toThrow(/not found/);
});

test('times out at the deadline, never sleeping past it, naming the marker, the group and what it found instead', async () => {
  const logs = fakeLogs([noise(1_500), noise(1_600, 30_000)]);
  const failure = waitForMarker(search(logs, 60_000));
  await expect(failure).rejects.toThrow(
    `marker "${MARKER}" not found in log group ${GROUP} within 60 s (7 polls for events since 1970-01-01T00:00:01.000Z). ` +
      'Found instead (first 2 events since then):\n' +
      '  kube.var.log.containers.web_dev_app.log: GET /healthz 200 at 1500\n' +
      '  kube.var.log.containers.web_dev_app.log: GET /healthz 200 at 1600',
  );
  expect(logs.elapsed()).toBe(60_000);
  expect(logs.sleeps).toEqual([2_000, 4_000, 8_000, 16_000, 20_000, 10_000]);
});

test('says so when the group holds nothing at all, which points at the shipper rather than the pod', async () => {
  const logs = fakeLogs([]);
  await expect(waitForMarker(search(logs, 5_000))).rejects.toThrow(
    /within 5 s \(3 polls .*\)\. The group holds no events at all since then\.$/,
  );
});

test('refuses a marker that would not be one filter-pattern term', async () => {
  const logs = fakeLogs([]);
  await expect(waitForMarker({ ...search(logs), marker: 'two words' })).rejects.toThrow('must be letters, digits');
  expect(logs.calls).toEqual([]);
});
