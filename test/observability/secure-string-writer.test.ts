import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ssmSdk from '@aws-sdk/client-ssm';
import { DeleteParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

// The custom resource's Lambda code, run here with fakes of the S3, SSM and response calls it makes, then
// as a whole on the real AWS SDKs against a local server.
const WRITER = join(__dirname, '..', '..', 'lib', 'observability', 'fluent-bit', 'secure-string-writer', 'index.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { handler, handle, awsDependencies } = require(WRITER);

const VALUE = '[OUTPUT]\n    Name cloudwatch_logs\n    log_group_name /aws/eks/fintech-eks-pr42/containers\n';
const properties = {
  ParameterName: '/fintech-eks-pr42/fluent-bit/config',
  KeyId: 'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  Description: 'Fluent Bit configuration',
  Tags: [{ Key: 'CostCenter', Value: 'FinTech' }],
  SourceBucket: 'cdk-hnb659fds-assets-123456789012-ap-southeast-1',
  SourceKey: 'a9ad9da0.conf',
};
const request = (RequestType: string, extra: Record<string, unknown> = {}) => ({
  RequestType,
  ResponseURL: 'https://cloudformation-custom-resource-response.example/presigned',
  StackId: 'arn:aws:cloudformation:ap-southeast-1:123456789012:stack/FintechEksPlatform-pr42/1',
  RequestId: 'request-1',
  LogicalResourceId: 'ObservabilityFluentBitConfigParameter',
  ResourceProperties: properties,
  ...extra,
});

/** Runs one request against fakes; returns the calls made, the response sent and everything written to the console. */
async function run(event: Record<string, unknown>, failures: { put?: Error; read?: Error } = {}) {
  const calls: { put: any[]; deleted: string[]; read: string[] } = { put: [], deleted: [], read: [] };
  const responses: { url: string; body: any }[] = [];
  const printed: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' '))),
  );
  try {
    await handle(event, {
      readObject: async (bucket: string, key: string) => {
        calls.read.push(`${bucket}/${key}`);
        if (failures.read) throw failures.read;
        return VALUE;
      },
      putParameter: async (input: any) => {
        if (failures.put) throw failures.put;
        calls.put.push(input);
      },
      deleteParameter: async (name: string) => void calls.deleted.push(name),
      respond: async (url: string, body: string) => void responses.push({ url, body: JSON.parse(body) }),
    });
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return { calls, responses, printed };
}

/** The PutParameter input of a create of `properties`: a standard-tier SecureString under the key, tagged. */
const CREATED_PARAMETER = {
  Name: properties.ParameterName,
  Value: VALUE,
  Type: 'SecureString',
  KeyId: properties.KeyId,
  Tier: 'Standard',
  Description: properties.Description,
  Tags: properties.Tags,
};

describe('the SecureString writer (custom resource Lambda)', () => {
  test('create: reads the value from its asset and puts it as a SecureString under the key, with tags', async () => {
    const { calls, responses } = await run(request('Create'));
    expect(calls.read).toEqual(['cdk-hnb659fds-assets-123456789012-ap-southeast-1/a9ad9da0.conf']);
    expect(calls.put).toEqual([CREATED_PARAMETER]);
    expect(responses).toEqual([
      {
        url: request('Create').ResponseURL,
        body: expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: properties.ParameterName, RequestId: 'request-1' }),
      },
    ]);
  });

  test('update: overwrites the same parameter, without tags (PutParameter refuses both together)', async () => {
    const { calls } = await run(
      request('Update', { PhysicalResourceId: properties.ParameterName, OldResourceProperties: { ...properties, SourceKey: 'old.conf' } }),
    );
    expect(calls.put).toHaveLength(1);
    expect(calls.put[0]).toMatchObject({ Name: properties.ParameterName, Value: VALUE, Overwrite: true });
    expect(calls.put[0].Tags).toBeUndefined();
  });

  test('update to a new name: creates the new parameter and answers with its name, so CloudFormation deletes the old one', async () => {
    const { calls, responses } = await run(
      request('Update', { PhysicalResourceId: '/old/name', OldResourceProperties: { ...properties, ParameterName: '/old/name' } }),
    );
    expect(calls.put[0]).toMatchObject({ Name: properties.ParameterName, Tags: properties.Tags });
    expect(calls.put[0].Overwrite).toBeUndefined();
    expect(responses[0].body.PhysicalResourceId).toBe(properties.ParameterName);
  });

  test('delete: deletes the parameter it created (its physical id), reading nothing', async () => {
    const { calls, responses } = await run(request('Delete', { PhysicalResourceId: '/fintech-eks-pr42/fluent-bit/config' }));
    expect(calls).toEqual({ put: [], deleted: ['/fintech-eks-pr42/fluent-bit/config'], read: [] });
    expect(responses[0].body.Status).toBe('SUCCESS');
  });

  test('a failed call is reported to CloudFormation as FAILED with its error, not thrown (CloudFormation would wait an hour)', async () => {
    const error = Object.assign(new Error('User is not authorized to perform: ssm:PutParameter'), { name: 'AccessDeniedException' });
    const { responses } = await run(request('Create'), { put: error });
    expect(responses).toHaveLength(1);
    expect(responses[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: 'AccessDeniedException: User is not authorized to perform: ssm:PutParameter',
    });
  });

  test('a create that meets an existing parameter fails, and the Delete CloudFormation sends next leaves it alone', async () => {
    const exists = Object.assign(new Error('The parameter already exists. To overwrite this value, set the overwrite option'), {
      name: 'ParameterAlreadyExists',
    });
    const created = await run(request('Create'), { put: exists });
    expect(created.responses[0].body.Status).toBe('FAILED');
    const physicalId = created.responses[0].body.PhysicalResourceId;
    expect(typeof physicalId).toBe('string');

    // CloudFormation's rollback deletes the failed resource by the physical id the create answered with.
    const deleted = await run(request('Delete', { PhysicalResourceId: physicalId }));
    expect(deleted.calls.deleted).toEqual([]);
    expect(deleted.responses[0].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
  });

  test('a create without tags puts the parameter with an empty tag list', async () => {
    const { calls } = await run(request('Create', { ResourceProperties: { ...properties, Tags: undefined } }));
    expect(calls.put).toHaveLength(1);
    expect(calls.put[0].Tags).toEqual([]);
    expect(calls.put[0].Overwrite).toBeUndefined();
  });

  test('a success is answered with the reason "done"', async () => {
    const { responses } = await run(request('Create'));
    expect(responses[0].body).toEqual({
      Status: 'SUCCESS',
      Reason: 'done',
      PhysicalResourceId: '/fintech-eks-pr42/fluent-bit/config',
      StackId: 'arn:aws:cloudformation:ap-southeast-1:123456789012:stack/FintechEksPlatform-pr42/1',
      RequestId: 'request-1',
      LogicalResourceId: 'ObservabilityFluentBitConfigParameter',
    });
  });

  test('a failed create answers with a physical id that names no parameter: not-created:<request id>', async () => {
    const { responses } = await run(request('Create'), { read: Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }) });
    expect(responses[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'not-created:request-1' });
  });

  test('a failed update keeps the physical id of the parameter it updates, so CloudFormation deletes nothing', async () => {
    const error = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const { responses } = await run(
      request('Update', { PhysicalResourceId: properties.ParameterName, OldResourceProperties: { ...properties, SourceKey: 'old.conf' } }),
      { put: error },
    );
    expect(responses[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: 'ThrottlingException: Rate exceeded',
      PhysicalResourceId: '/fintech-eks-pr42/fluent-bit/config',
    });
  });

  test.each([
    ['create', request('Create'), {}],
    ['update', request('Update', { PhysicalResourceId: properties.ParameterName, OldResourceProperties: properties }), {}],
    ['a failure', request('Create'), { put: new Error('ValidationException') }],
  ])('on %s nothing is printed and the response carries no line of the value', async (_case, event, failures) => {
    const { responses, printed } = await run(event, failures);
    expect(printed).toEqual([]);
    const response = JSON.stringify(responses);
    for (const line of VALUE.split('\n')
      .map((l) => l.trim())
      .filter(Boolean))
      expect(response).not.toContain(line);
    expect(responses[0].body.Data).toBeUndefined();
  });
});

describe("the writer's AWS calls", () => {
  /**
   * A stand-in for @aws-sdk/client-s3: its client records the commands sent and answers GetObject
   * with an object whose body is the value. The real clients run in the handler's tests below.
   */
  function fakeS3Sdk() {
    const sent: unknown[] = [];
    const encodings: string[] = [];
    class GetObjectCommand {
      constructor(readonly input: unknown) {}
    }
    class S3Client {
      async send(command: unknown) {
        sent.push(command);
        return { Body: { transformToString: async (encoding: string) => (encodings.push(encoding), VALUE) } };
      }
    }
    return { sdk: { S3Client, GetObjectCommand }, sent, encodings };
  }

  /** The real SSM client, with `send` answering `answer` (no call leaves the machine); and the fake S3 SDK. */
  function dependencies(answer: () => Promise<unknown> = async () => ({})) {
    const s3 = fakeS3Sdk();
    const send = jest.spyOn(SSMClient.prototype, 'send').mockImplementation(answer as never);
    return { deps: awsDependencies(s3.sdk, ssmSdk), s3, send };
  }

  afterEach(() => jest.restoreAllMocks());

  test('readObject gets the asset object from S3 and reads its body as UTF-8 text', async () => {
    const { deps, s3 } = dependencies();
    await expect(deps.readObject(properties.SourceBucket, properties.SourceKey)).resolves.toBe(VALUE);
    expect(s3.sent).toStrictEqual([new s3.sdk.GetObjectCommand({ Bucket: properties.SourceBucket, Key: properties.SourceKey })]);
    expect(s3.encodings).toEqual(['utf-8']);
  });

  test('putParameter sends PutParameter with the input it is given', async () => {
    const { deps, send } = dependencies();
    const input = { Name: properties.ParameterName, Value: VALUE, Type: 'SecureString', Overwrite: true };
    await deps.putParameter(input);
    expect(send).toHaveBeenCalledTimes(1);
    const [command] = send.mock.calls[0] as unknown[];
    expect(command).toBeInstanceOf(PutParameterCommand);
    expect((command as PutParameterCommand).input).toEqual(input);
  });

  test('deleteParameter sends DeleteParameter for the name', async () => {
    const { deps, send } = dependencies();
    await deps.deleteParameter(properties.ParameterName);
    const [command] = send.mock.calls[0] as unknown[];
    expect(command).toBeInstanceOf(DeleteParameterCommand);
    expect((command as DeleteParameterCommand).input).toEqual({ Name: properties.ParameterName });
  });

  test('deleteParameter takes a parameter already gone as deleted, so a Delete after a manual clean-up succeeds', async () => {
    const { deps } = dependencies(async () => {
      throw new ParameterNotFound({ message: 'Parameter not found', $metadata: {} });
    });
    await expect(deps.deleteParameter(properties.ParameterName)).resolves.toBeUndefined();
  });

  test('deleteParameter fails on any other error', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: ssm:DeleteParameter'), { name: 'AccessDeniedException' });
    const { deps } = dependencies(async () => {
      throw denied;
    });
    await expect(deps.deleteParameter(properties.ParameterName)).rejects.toBe(denied);
  });

  test('respond PUTs the body to the pre-signed URL with an empty content type, as the URL was signed', async () => {
    const { deps } = dependencies();
    const put = jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null, { status: 200 }));
    await deps.respond(request('Create').ResponseURL, '{"Status":"SUCCESS"}');
    expect(put.mock.calls).toEqual([
      [request('Create').ResponseURL, { method: 'PUT', body: '{"Status":"SUCCESS"}', headers: { 'content-type': '' } }],
    ]);
  });

  test('respond fails, naming the HTTP status, when CloudFormation refuses the response', async () => {
    const { deps } = dependencies();
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null, { status: 403 }));
    await expect(deps.respond(request('Create').ResponseURL, '{}')).rejects.toThrow(
      new Error('CloudFormation refused the response: HTTP 403'),
    );
  });
});

describe('the handler, on the real AWS SDKs against a local S3, SSM and CloudFormation', () => {
  interface Received {
    method: string;
    path: string;
    headers: IncomingHttpHeaders;
    body: string;
  }

  /**
   * A loopback server standing in for all three: every request is recorded and answered as AWS
   * would answer it on success, so the SDKs neither fail nor retry. S3 GetObject is the one GET,
   * SSM's JSON protocol names its operation in x-amz-target, and the response to CloudFormation
   * is the one PUT.
   */
  async function localAws() {
    const received: Received[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
        });
        const target = request.headers['x-amz-target'];
        if (request.method === 'GET') {
          response.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(VALUE) });
          response.end(VALUE);
        } else if (target) {
          response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
          response.end(target === 'AmazonSSM.PutParameter' ? '{"Version":1,"Tier":"Standard"}' : '{}');
        } else {
          response.writeHead(200);
          response.end();
        }
      });
    });
    const { port } = await new Promise<AddressInfo>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve(server.address() as AddressInfo)),
    );
    const close = () => {
      // The SDKs and fetch keep their connections alive; close would wait for them.
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    };
    return { url: `http://127.0.0.1:${port}`, received, close };
  }

  let aws: Awaited<ReturnType<typeof localAws>>;
  let savedEnv: NodeJS.ProcessEnv;
  const RESPONSE_PATH = '/cloudformation-response/presigned?X-Amz-Signature=abc123';

  beforeEach(async () => {
    aws = await localAws();
    savedEnv = { ...process.env };
    // Nothing from this machine's AWS setup may reach the SDKs: no profile, no session token, no
    // endpoint, no config file; only the local server and fake static credentials.
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: aws.url,
      AWS_ENDPOINT_URL_SSM: aws.url,
      AWS_REGION: 'ap-southeast-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_CONFIG_FILE: join(tmpdir(), 'secure-string-writer-test-no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 'secure-string-writer-test-no-credentials'),
    });
  });

  afterEach(async () => {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    await aws.close();
  });

  const event = (RequestType: string, extra: Record<string, unknown> = {}) =>
    request(RequestType, { ResponseURL: `${aws.url}${RESPONSE_PATH}`, ...extra });

  test('create: gets the asset object from S3, puts it as a tagged SecureString, answers SUCCESS to the pre-signed URL', async () => {
    await handler(event('Create'));
    const [get, put, answer, ...more] = aws.received;
    // An IP-address endpoint takes the bucket in the path, not in the host name (x-id is the SDK's operation marker).
    expect(get).toMatchObject({ method: 'GET', path: `/${properties.SourceBucket}/${properties.SourceKey}?x-id=GetObject`, body: '' });
    expect(get.headers.host).toBe(new URL(aws.url).host);
    expect(put).toMatchObject({ method: 'POST', path: '/', headers: { 'x-amz-target': 'AmazonSSM.PutParameter' } });
    // Signed with the fake key for SSM in the region set here: no credential or region from the machine.
    expect(put.headers.authorization).toContain('Credential=AKIAIOSFODNN7EXAMPLE/');
    expect(put.headers.authorization).toContain('/ap-southeast-1/ssm/aws4_request');
    expect(JSON.parse(put.body)).toEqual(CREATED_PARAMETER);
    expect(answer).toMatchObject({ method: 'PUT', path: RESPONSE_PATH });
    // The URL is pre-signed without a content type: any other than none breaks its signature.
    expect(answer.headers['content-type']).toBe('');
    expect(JSON.parse(answer.body)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: properties.ParameterName,
      RequestId: 'request-1',
    });
    expect(more).toEqual([]);
  });

  test('delete: deletes the parameter by its physical id in SSM, then answers SUCCESS', async () => {
    await handler(event('Delete', { PhysicalResourceId: properties.ParameterName }));
    expect(aws.received.map(({ method, path, headers }) => [method, path, headers['x-amz-target']])).toEqual([
      ['POST', '/', 'AmazonSSM.DeleteParameter'],
      ['PUT', RESPONSE_PATH, undefined],
    ]);
    const [deleted, answer] = aws.received;
    expect(JSON.parse(deleted.body)).toEqual({ Name: properties.ParameterName });
    expect(JSON.parse(answer.body)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: properties.ParameterName });
  });
});
