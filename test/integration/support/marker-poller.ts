import type { FilteredLogEvent, FilterLogEventsCommandInput, FilterLogEventsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';

/** The one CloudWatch Logs call the poller makes (FilterLogEvents), so a test can stand in for it. */
export type FilterLogEvents = (input: FilterLogEventsCommandInput) => Promise<Pick<FilterLogEventsCommandOutput, 'events' | 'nextToken'>>;

export interface MarkerSearch {
  readonly filterLogEvents: FilterLogEvents;
  readonly logGroupName: string;
  /** Letters, digits, `-`, `_` or `.`: it is searched for as one quoted filter-pattern term. */
  readonly marker: string;
  /** Epoch milliseconds; older events do not count. */
  readonly since: number;
  /** How long to keep looking, from the first poll. */
  readonly timeoutMs: number;
  /** Wait after the first empty poll; doubles after each further one up to maxDelayMs. @default 2000 */
  readonly firstDelayMs?: number;
  /** @default 20000 */
  readonly maxDelayMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default a timer */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** FilterLogEvents may return empty pages with a token while it scans; a poll reads this many at most. */
const MAX_PAGES_PER_POLL = 10;
const EVENTS_IN_FAILURE_MESSAGE = 5;
const MESSAGE_EXCERPT_CHARS = 200;

/**
 * Polls the log group until an event containing the marker arrives, backing off between polls,
 * and returns that event. After the deadline it fails with what the group did hold since
 * `since`, so a reader can tell "logs arrive but not ours" from "nothing arrives at all".
 */
export async function waitForMarker(search: MarkerSearch): Promise<FilteredLogEvent> {
  if (!/^[\w.-]+$/.test(search.marker)) {
    throw new Error(`marker ${JSON.stringify(search.marker)} must be letters, digits, "-", "_" or "."`);
  }
  const now = search.now ?? Date.now;
  const sleep = search.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxDelayMs = search.maxDelayMs ?? 20_000;
  const deadline = now() + search.timeoutMs;

  let delayMs = search.firstDelayMs ?? 2_000;
  let polls = 0;
  for (;;) {
    polls++;
    const found = await findMarker(search);
    if (found) return found;
    const remainingMs = deadline - now();
    if (remainingMs <= 0) break;
    // The last poll falls on the deadline, not past it.
    await sleep(Math.min(delayMs, remainingMs));
    delayMs = Math.min(delayMs * 2, maxDelayMs);
  }
  throw new Error(
    `marker "${search.marker}" not found in log group ${search.logGroupName} within ${Math.round(search.timeoutMs / 1000)} s ` +
      `(${polls} polls for events since ${new Date(search.since).toISOString()}). ${await describeGroup(search)}`,
  );
}

async function findMarker(search: MarkerSearch): Promise<FilteredLogEvent | undefined> {
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
    const result = await search.filterLogEvents({
      logGroupName: search.logGroupName,
      startTime: search.since,
      filterPattern: `"${search.marker}"`,
      nextToken,
    });
    const match = (result.events ?? []).find((event) => event.message?.includes(search.marker));
    if (match) return match;
    nextToken = result.nextToken;
    if (!nextToken) return undefined;
  }
  return undefined;
}

async function describeGroup(search: MarkerSearch): Promise<string> {
  try {
    const { events = [] } = await search.filterLogEvents({
      logGroupName: search.logGroupName,
      startTime: search.since,
      limit: EVENTS_IN_FAILURE_MESSAGE,
    });
    if (events.length === 0) return 'The group holds no events at all since then.';
    const lines = events.map((event) => {
      const message = (event.message ?? '').trim();
      const excerpt = message.length > MESSAGE_EXCERPT_CHARS ? `${message.slice(0, MESSAGE_EXCERPT_CHARS)}...` : message;
      return `  ${event.logStreamName ?? '?'}: ${excerpt}`;
    });
    return `Found instead (first ${events.length} events since then):\n${lines.join('\n')}`;
  } catch (error) {
    return `Reading the group's other events failed too: ${(error as Error).message}`;
  }
}
