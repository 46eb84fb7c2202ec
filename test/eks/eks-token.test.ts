import { createEksToken } from '../../scripts/eks/eks-token';

// Fixed inputs: example keys, a session token with the characters URL encoding must escape.
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEXAMPLE/session+token==',
};
const signingDate = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const request = { clusterName: 'fintech-eks-pr42', region: 'ap-southeast-1', credentials, signingDate };

/**
 * The signature `aws eks get-token` (awscli 1.45.11, botocore 1.43.11) computes for the same
 * inputs, an implementation independent of ours:
 *
 *   session = botocore.session.get_session()
 *   session.set_credentials('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'FwoGZXIvYXdzEXAMPLE/session+token==')
 *   with mock.patch('botocore.auth.get_current_datetime', return_value=datetime(2024, 1, 2, 3, 4, 5)):
 *       sts = STSClientFactory(session).get_sts_client(region_name='ap-southeast-1')
 *       token = TokenGenerator(sts).get_token('fintech-eks-pr42')   # awscli.customizations.eks.get_token
 */
const AWS_CLI_SIGNATURE = 'e2b91fceb5b828b9c61e3fc8b126069ac4e972b9627b3a72d7b7a931246a1d52';

function decode(token: string): URL {
  return new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8'));
}

test('the token is k8s-aws-v1. followed by unpadded base64url', async () => {
  const token = await createEksToken(request);
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  expect(token.slice('k8s-aws-v1.'.length)).toMatch(/^[A-Za-z0-9_-]+$/);
});

test('it encodes a presigned STS GetCallerIdentity URL at the regional endpoint, valid for 60 seconds', async () => {
  const url = decode(await createEksToken(request));
  expect(url.protocol).toBe('https:');
  expect(url.host).toBe('sts.ap-southeast-1.amazonaws.com');
  expect(url.pathname).toBe('/');
  const query = Object.fromEntries(url.searchParams);
  expect(query).toMatchObject({
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'AKIDEXAMPLE/20240102/ap-southeast-1/sts/aws4_request',
    'X-Amz-Date': '20240102T030405Z',
    'X-Amz-Expires': '60',
    'X-Amz-Security-Token': 'FwoGZXIvYXdzEXAMPLE/session+token==',
  });
  expect(query['X-Amz-SignedHeaders'].split(';').sort()).toEqual(['host', 'x-k8s-aws-id']);
});

test('its signature is the one aws eks get-token computes for the same credentials, clock and cluster', async () => {
  const url = decode(await createEksToken(request));
  expect(url.searchParams.get('X-Amz-Signature')).toBe(AWS_CLI_SIGNATURE);
});

test('the cluster name is signed: another cluster gets another signature, the same inputs the same token', async () => {
  const token = await createEksToken(request);
  expect(await createEksToken(request)).toBe(token);
  const other = decode(await createEksToken({ ...request, clusterName: 'fintech-eks-pr43' }));
  expect(other.searchParams.get('X-Amz-Signature')).not.toBe(AWS_CLI_SIGNATURE);
});

test('without a session token the URL carries none', async () => {
  const url = decode(await createEksToken({ ...request, credentials: { ...credentials, sessionToken: undefined } }));
  expect(url.searchParams.has('X-Amz-Security-Token')).toBe(false);
  expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
});
