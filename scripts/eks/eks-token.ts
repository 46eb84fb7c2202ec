import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface EksTokenRequest {
  readonly clusterName: string;
  readonly region: string;
  readonly credentials: SigningCredentials;
  /** When the URL is signed; the token is good for 15 minutes from then. */
  readonly signingDate: Date;
}

const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** The header that binds the presigned URL to one cluster; EKS refuses a token signed for another. */
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** What `aws eks get-token` uses: STS must see the URL within a minute of signing. */
const PRESIGN_EXPIRES_SECONDS = 60;

function stsHostname(region: string): string {
  return `sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** RFC 3986: encodeURIComponent leaves !'()* alone, SigV4 escapes them. */
function escape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A bearer token for the EKS API made as `aws eks get-token` makes it: a presigned STS
 * GetCallerIdentity URL with the cluster name in a signed header, base64url-encoded behind
 * `k8s-aws-v1.`. EKS calls the URL to learn who the caller is. Signed by the AWS SDK's SigV4.
 */
export async function createEksToken(request: EksTokenRequest): Promise<string> {
  const hostname = stsHostname(request.region);
  const signer = new SignatureV4({
    service: 'sts',
    region: request.region,
    credentials: request.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const presigned = await signer.presign(
    new HttpRequest({
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, [CLUSTER_ID_HEADER]: request.clusterName },
    }),
    { expiresIn: PRESIGN_EXPIRES_SECONDS, signingDate: request.signingDate },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([key, value]) => `${escape(key)}=${escape(String(value))}`)
    .join('&');
  const url = `https://${hostname}/?${query}`;
  return EKS_TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
}
