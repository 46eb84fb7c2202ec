import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { KubernetesObject } from './kubernetes';

/**
 * One admission request, as the API server would build it: CREATE of `object`, or UPDATE of
 * `oldObject` to `object`, by `userInfo`. A namespaced object needs its `namespaceObject`: the
 * bindings' namespaceSelectors and the `namespaceObject` CEL variable read it.
 */
export interface AdmissionRequest {
  readonly operation: 'CREATE' | 'UPDATE';
  readonly object: KubernetesObject;
  readonly oldObject?: KubernetesObject;
  readonly namespaceObject?: KubernetesObject;
  readonly userInfo: { readonly username: string; readonly groups?: readonly string[] };
}

/** What one policy (with its bindings) decides on one request; `code` and `message` are the API server's refusal, as a client sees it. */
export interface PolicyDecision {
  readonly policy: string;
  readonly admitted: boolean;
  readonly code?: number;
  readonly message?: string;
}

const BUILD_SCRIPT = join(__dirname, '..', '..', 'tools', 'control-plane', 'build.sh');
/** Compiling policy-check takes seconds even from the Go build cache; a test file waits for it on its first call only. */
const TIMEOUT_MS = 300_000;

let binary: string | undefined;

function policyCheckBinary(): string {
  if (binary) return binary;
  try {
    const output = execFileSync(BUILD_SCRIPT, ['policy-check'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: TIMEOUT_MS,
    });
    binary = output.trim().split('\n').pop()!;
    return binary;
  } catch (error: any) {
    throw new Error(
      `policy-check (tools/control-plane/policy-check, the offline evaluator of admission policies) could not be built ` +
        `with tools/control-plane/build.sh: ${error.stderr?.toString().trim() || error.message}`,
      { cause: error },
    );
  }
}

/**
 * Decides each request against the ValidatingAdmissionPolicies among `objects` (and their
 * bindings there; other objects are ignored), with the pinned API server's own admission code
 * (tools/control-plane/policy-check): one list of decisions per request, one decision per
 * policy, in the order of the policies in `objects`. The RBAC authorizer and policy parameters
 * are not evaluated.
 */
export function admissionDecisions(objects: readonly KubernetesObject[], requests: readonly AdmissionRequest[]): PolicyDecision[][] {
  const run = spawnSync(policyCheckBinary(), [], {
    input: JSON.stringify({ objects, requests }),
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
  });
  if (run.error || run.status !== 0) {
    throw new Error(`policy-check failed (exit ${run.status}): ${run.error?.message ?? run.stderr.trim()}`);
  }
  const { results } = JSON.parse(run.stdout) as { results: { decisions: PolicyDecision[] }[] };
  return results.map((result) => result.decisions);
}

/** The one decision of the policy `policy` on one request. */
export function admissionDecision(objects: readonly KubernetesObject[], request: AdmissionRequest, policy: string): PolicyDecision {
  return decisionOf(admissionDecisions(objects, [request])[0], policy);
}

/** The one decision of the policy `policy` among the decisions on one request. */
export function decisionOf(decisions: readonly PolicyDecision[], policy: string): PolicyDecision {
  const found = decisions.filter((decision) => decision.policy === policy);
  if (found.length !== 1) throw new Error(`expected one decision of ${policy}, got ${JSON.stringify(decisions)}`);
  return found[0];
}
