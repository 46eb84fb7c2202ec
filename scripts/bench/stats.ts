/** Summary of repeated timings, in milliseconds. */
export interface TimingSummary {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  // An odd count has one middle sample; an even count, the two either side of the middle.
  const upper = sorted[middle];
  const lower = sorted.length % 2 === 1 ? upper : sorted[middle - 1];
  if (upper === undefined || lower === undefined) throw new Error('no samples to summarize');
  return sorted.length % 2 === 1 ? upper : (lower + upper) / 2;
}

export function summarize(samplesMs: readonly number[]): TimingSummary {
  const medianMs = median(samplesMs);
  return { runs: samplesMs.length, medianMs, minMs: Math.min(...samplesMs), maxMs: Math.max(...samplesMs) };
}

/** CloudFormation's hard limits that a growing EKS template runs into first. */
export const CLOUDFORMATION_LIMITS = { resources: 500, templateBytes: 1_000_000 } as const;

export interface TemplateSize {
  readonly resources: number;
  readonly bytes: number;
  readonly lambdaFunctions: number;
  readonly customResources: number;
}

export function measureTemplate(templateText: string): TemplateSize {
  const template = JSON.parse(templateText) as { Resources?: Record<string, { Type: string }> };
  const resources = Object.values(template.Resources ?? {});
  return {
    resources: resources.length,
    bytes: Buffer.byteLength(templateText, 'utf8'),
    lambdaFunctions: resources.filter((r) => r.Type === 'AWS::Lambda::Function').length,
    customResources: resources.filter((r) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource').length,
  };
}
