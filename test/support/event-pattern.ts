/**
 * EventBridge's matching of an event against a rule's pattern, for the subset the platform's
 * rules use: every leaf of the pattern is a list of exact values, a nested object matches the
 * event's object of the same key, and a list in the event matches when any element does (the
 * EventBridge User Guide, "Event patterns"). A pattern using any other operator (prefix,
 * anything-but, numeric, exists, ...) is refused rather than guessed at.
 */
export function matchesEventPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, expected]) => matchesField(expected, event[key], key));
}

function matchesField(expected: unknown, actual: unknown, path: string): boolean {
  if (Array.isArray(expected)) {
    for (const value of expected) {
      if (value !== null && typeof value === 'object') throw new Error(`${path}: content filter ${JSON.stringify(value)} is not supported`);
    }
    const values = Array.isArray(actual) ? actual : [actual];
    return values.some((value) => value !== undefined && expected.includes(value));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([key, inner]) =>
      matchesField(inner, (actual as Record<string, unknown>)[key], `${path}.${key}`),
    );
  }
  throw new Error(`${path}: a pattern's leaves are lists of values, not ${JSON.stringify(expected)}`);
}

/**
 * The text an input transformer gives a target for an event (the EventBridge User Guide, "Input
 * transformation"): each `<name>` of the template replaced by the value its path in
 * `InputPathsMap` selects. Only the dotted `$.a.b` paths the platform's rules use; a template of
 * a text target is a JSON string, given here unquoted.
 */
export function transformedInput(
  transformer: { InputPathsMap: Record<string, string>; InputTemplate: string },
  event: Record<string, unknown>,
): string {
  const valueAt = (path: string): unknown => {
    if (!/^\$(\.[\w-]+)+$/.test(path)) throw new Error(`input path ${path} is not supported`);
    return path
      .split('.')
      .slice(1)
      .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], event);
  };
  const text = transformer.InputTemplate.replace(/<([\w-]+)>/g, (placeholder, name: string) => {
    const path = transformer.InputPathsMap[name];
    if (path === undefined) throw new Error(`${placeholder} has no input path`);
    return String(valueAt(path));
  });
  return JSON.parse(text) as string;
}
