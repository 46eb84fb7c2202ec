import { CLOUDWATCH_NAMESPACE, FLUENT_BIT_NAMESPACE } from '../../lib/shared/namespaces';

/** What the API server accepts as a namespace name: an RFC 1123 label, at most 63 characters. */
const NAMESPACE_NAME = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

test('the namespaces of Fluent Bit and of the CloudWatch agents are names the API server accepts', () => {
  for (const [constant, namespace] of Object.entries({ FLUENT_BIT_NAMESPACE, CLOUDWATCH_NAMESPACE })) {
    expect({ constant, namespace }).toEqual({ constant, namespace: expect.stringMatching(NAMESPACE_NAME) });
  }
});
