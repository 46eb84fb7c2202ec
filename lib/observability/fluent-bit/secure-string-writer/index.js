// @ts-check
'use strict';
/**
 * CloudFormation custom resource `Custom::SsmSecureStringParameter`: copies one S3 object (a
 * CDK file asset) into an SSM SecureString, so the value never sits in the template, the stack
 * events or the request (which carries only where the object is). Nothing here logs: neither the
 * value nor the request reaches CloudWatch Logs, and the response to CloudFormation carries no
 * data, only the parameter name and, on failure, the error message of the failed call.
 *
 * Properties: ParameterName, KeyId, Description, Tags ([{Key, Value}]), SourceBucket, SourceKey.
 * Runs on the Lambda Node.js runtime, whose AWS SDK v3 it uses; plain JavaScript so that it is
 * shipped as it is, without a build step.
 */

/**
 * @typedef {{ RequestType: 'Create' | 'Update' | 'Delete', ResponseURL: string, StackId: string, RequestId: string,
 *   LogicalResourceId: string, PhysicalResourceId?: string, ResourceProperties: Record<string, any>,
 *   OldResourceProperties?: Record<string, any> }} Event
 * @typedef {{ readObject(bucket: string, key: string): Promise<string>, putParameter(input: Record<string, any>): Promise<void>,
 *   deleteParameter(name: string): Promise<void>, respond(url: string, body: string): Promise<void> }} Dependencies
 */

/**
 * The physical id of a create that failed. A failed create still needs one, and CloudFormation
 * then deletes the resource by it: with the parameter's name, a create that failed because the
 * parameter already existed would delete a parameter this stack never owned. The colon makes
 * it a name SSM refuses, so it can never name a parameter.
 */
const NOT_CREATED = 'not-created:';

/**
 * Applies one request and answers CloudFormation; never throws, so CloudFormation is never
 * left waiting for an answer.
 * @param {Event} event
 * @param {Dependencies} deps
 */
async function handle(event, deps) {
  const properties = event.ResourceProperties;
  let physicalResourceId = event.PhysicalResourceId ?? properties.ParameterName;
  let status = 'SUCCESS';
  let reason = '';
  try {
    if (event.RequestType === 'Delete') {
      if (!physicalResourceId.startsWith(NOT_CREATED)) await deps.deleteParameter(physicalResourceId);
    } else {
      // A new name is a new parameter: CloudFormation deletes the old one (its physical id) afterwards.
      const renamed = event.RequestType === 'Update' && event.OldResourceProperties?.ParameterName !== properties.ParameterName;
      const overwrite = event.RequestType === 'Update' && !renamed;
      const value = await deps.readObject(properties.SourceBucket, properties.SourceKey);
      await deps.putParameter({
        Name: properties.ParameterName,
        Value: value,
        Type: 'SecureString',
        KeyId: properties.KeyId,
        Tier: 'Standard',
        Description: properties.Description,
        // PutParameter refuses Tags together with Overwrite; the tags set on create stay.
        ...(overwrite ? { Overwrite: true } : { Tags: properties.Tags ?? [] }),
      });
      physicalResourceId = properties.ParameterName;
    }
  } catch (error) {
    status = 'FAILED';
    if (event.RequestType === 'Create') physicalResourceId = `${NOT_CREATED}${event.RequestId}`;
    // The SDK's error names the call and the parameter, never the value it was given.
    reason = `${/** @type {Error} */ (error).name}: ${/** @type {Error} */ (error).message}`;
  }
  await deps.respond(
    event.ResponseURL,
    JSON.stringify({
      Status: status,
      Reason: reason || 'done',
      PhysicalResourceId: physicalResourceId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    }),
  );
}

/**
 * @typedef {new (config: object) => { send(command: object): Promise<any> }} Client
 * @typedef {new (input: object) => object} Command
 */

/**
 * The calls `handle` makes, on the AWS SDK v3 modules given (the Lambda runtime's).
 * @param {{ S3Client: Client, GetObjectCommand: Command }} s3Sdk
 * @param {{ SSMClient: Client, PutParameterCommand: Command, DeleteParameterCommand: Command }} ssmSdk
 * @returns {Dependencies}
 */
function awsDependencies(s3Sdk, ssmSdk) {
  const s3 = new s3Sdk.S3Client({});
  const ssm = new ssmSdk.SSMClient({});
  return {
    async readObject(bucket, key) {
      const object = await s3.send(new s3Sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
      return object.Body.transformToString('utf-8');
    },
    async putParameter(input) {
      await ssm.send(new ssmSdk.PutParameterCommand(input));
    },
    async deleteParameter(name) {
      try {
        await ssm.send(new ssmSdk.DeleteParameterCommand({ Name: name }));
      } catch (error) {
        if (/** @type {Error} */ (error).name !== 'ParameterNotFound') throw error;
      }
    },
    async respond(url, body) {
      // The pre-signed URL takes a PUT without a content type.
      const response = await fetch(url, { method: 'PUT', body, headers: { 'content-type': '' } });
      if (!response.ok) throw new Error(`CloudFormation refused the response: HTTP ${response.status}`);
    },
  };
}

/** @param {Event} event */
exports.handler = async (event) =>
  // Required here, not at the top: the SDK is the Lambda runtime's (the file ships without node_modules),
  // so only the handler needs it; `handle` and `awsDependencies` load without it.
  handle(event, awsDependencies(require('@aws-sdk/client-s3'), require('@aws-sdk/client-ssm')));
exports.handle = handle;
exports.awsDependencies = awsDependencies;
