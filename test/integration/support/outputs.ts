import { existsSync, readFileSync } from 'node:fs';
import { displayPath, FlatOutputs, parseJsonFile } from '../../../scripts/flatten-outputs';

/** The stack outputs the suite reads (CfnOutput ids of lib/platform-stack.ts). */
export const REQUIRED_OUTPUTS = [
  'EnvironmentSuffix',
  'Profile',
  'ClusterName',
  'ClusterEndpoint',
  'KmsKeyArn',
  'VpcId',
  'PrivateSubnetIds',
  'ContainerLogGroupName',
  'FluentBitConfigParameterName',
  'FluentBitRoleArn',
  'VpcCniRoleArn',
  'ClusterAutoscalerRoleArn',
] as const;

export type PlatformOutputs = Record<(typeof REQUIRED_OUTPUTS)[number], string> & FlatOutputs;

/**
 * Reads cfn-outputs/flat-outputs.json: a flat object of output key to string value. Refuses,
 * with the file and the fix in the message, the per-stack file cdk writes and any missing key.
 */
export function readFlatOutputs(path: string): PlatformOutputs {
  const source = displayPath(path);
  if (!existsSync(path)) throw new Error(`${source} does not exist; run npm run deploy first`);
  const parsed = parseJsonFile(readFileSync(path, 'utf8'), source);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${source} must hold a flat object of output key to value`);
  }
  const nested = Object.entries(parsed).filter(([, value]) => typeof value === 'object' && value !== null);
  if (nested.length > 0) {
    throw new Error(
      `${source} holds per-stack outputs (${nested.map(([key]) => key).join(', ')}), not flat ones; ` +
        'flatten them with npx tsx scripts/flatten-outputs.ts <cdk outputs file> <flat file>',
    );
  }
  const notText = Object.entries(parsed).filter(([, value]) => typeof value !== 'string');
  if (notText.length > 0) {
    throw new Error(`${source}: every output is a string; not so for ${notText.map(([key]) => key).join(', ')}`);
  }
  return requireOutputs(parsed as FlatOutputs, source);
}

function requireOutputs(outputs: FlatOutputs, source: string): PlatformOutputs {
  const missing = REQUIRED_OUTPUTS.filter((key) => !outputs[key]);
  if (missing.length > 0) {
    throw new Error(
      `${source} lacks the outputs ${missing.join(', ')} (it has ${Object.keys(outputs).join(', ') || 'none'}); ` +
        'was it written by npm run deploy of this version of the stack?',
    );
  }
  return outputs as PlatformOutputs;
}

/** `arn:aws:kms:ap-southeast-1:123456789012:key/...` -> `ap-southeast-1` */
export function regionOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[3] ? parts[3] : undefined;
}
