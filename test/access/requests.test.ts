import { ACCESS_REQUESTS, requestTitle } from './requests';

test('at least 25 access requests, each with its own name, and both decisions', () => {
  const titles = ACCESS_REQUESTS.map(requestTitle);
  expect(titles.length).toBeGreaterThanOrEqual(25);
  expect(new Set(titles).size).toBe(titles.length);
  expect(new Set(ACCESS_REQUESTS.map((r) => r.expect))).toEqual(new Set(['allowed', 'denied']));
});
