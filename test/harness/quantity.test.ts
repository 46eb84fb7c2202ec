import { quantity } from '../integration/support/quantity';

test('quantities the API server canonicalises compare equal to what the config says', () => {
  expect(quantity('500m')).toBe(quantity('0.5'));
  expect(quantity('100')).toBe(100);
  expect(quantity('200Gi')).toBe(200 * 1024 ** 3);
  expect(quantity('204800Mi')).toBe(quantity('200Gi'));
  expect(quantity('1G')).toBe(1e9);
});

test('a form it does not know is an error rather than a wrong number', () => {
  expect(() => quantity('1e3')).toThrow('"1e3" is not a Kubernetes quantity this suite understands');
});
