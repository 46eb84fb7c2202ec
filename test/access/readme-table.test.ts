import { ACCESS_REQUESTS, requestTitle } from './requests';
import { accessTable, readmeText, withAccessTable } from './readme-table';

describe('README "Who can do what"', () => {
  test('the table is the one npm run access:table writes from the access requests', () => {
    const readme = readmeText();
    expect(withAccessTable(readme, accessTable())).toBe(readme);
  });

  test('at least 25 requests, each with its own name, and both decisions', () => {
    const titles = ACCESS_REQUESTS.map(requestTitle);
    expect(titles.length).toBeGreaterThanOrEqual(25);
    expect(new Set(titles).size).toBe(titles.length);
    expect(new Set(ACCESS_REQUESTS.map((r) => r.expect))).toEqual(new Set(['allowed', 'denied']));
  });
});
