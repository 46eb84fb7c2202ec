import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagPack } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { IConstruct } from 'constructs';
import { WILDCARD_ACTIONS_METADATA } from '../../lib/compliance/acknowledgements';
import { synthesize, Synthesized } from '../support/synth';
import { cachedJson, diskCacheEnabled, sha256 } from '../support/synth-cache';

export interface Violation {
  readonly rule: string;
  readonly severity: string;
  readonly paths: string[];
}

/** One finding of a rule on one resource, whether acknowledged or not. */
interface Finding {
  readonly rule: string;
  readonly path: string;
}

export interface GateReport {
  /** Findings no acknowledgment covers: each fails the gate. */
  readonly unacknowledged: Violation[];
  /** Acknowledgments that are stale, cover a subtree, or hide more than they name. */
  readonly acknowledgmentProblems: string[];
}

/**
 * Acknowledgments aws-cdk-lib makes itself, which the platform cannot move, each with the only
 * resources it may cover, told by construct type rather than by path so that renaming a
 * construct cannot leave them stale. `ec2.Vpc` acknowledges the built-in validation's W3010
 * (hard-coded zone) for the whole stack; the zones are configuration on purpose, and only the
 * subnets may name one. `ec2.FlowLog` acknowledges F3002/F3003 (in case its role is imported)
 * on itself, and may cover its own flow log only.
 */
const LIBRARY_ACKNOWLEDGMENTS: {
  id: string;
  at: (c: IConstruct) => boolean;
  mayCover: (covered: IConstruct, at: IConstruct) => boolean;
}[] = [
  { id: 'CloudFormation-Validate::W3010', at: (c) => Stack.isStack(c), mayCover: (covered) => covered instanceof ec2.CfnSubnet },
  ...['F3002', 'F3003'].map((rule) => ({
    id: `CloudFormation-Validate::${rule}`,
    at: (c: IConstruct) => c instanceof ec2.FlowLog,
    mayCover: (covered: IConstruct, at: IConstruct) => covered instanceof ec2.CfnFlowLog && covered.node.scope === at,
  })),
];

const CFN_VALIDATE = 'CloudFormation-Validate::';

/**
 * Every finding cdk-nag makes, acknowledged or not: cdk-nag 3 drops acknowledged findings from
 * its report, so the gate records each one where the pack asks whether it is acknowledged.
 * (`isAcknowledged` is cdk-nag's, pinned at 3.0.2; gate-is-live.test.ts proves the recording.)
 */
function recordingNagFindings<T>(run: () => T): { result: T; findings: Finding[] } {
  const pack = NagPack.prototype as unknown as { isAcknowledged: (this: unknown, node: IConstruct, ruleId: string) => boolean };
  const original = pack.isAcknowledged;
  const findings: Finding[] = [];
  pack.isAcknowledged = function (this: unknown, node: IConstruct, ruleId: string) {
    findings.push({ rule: ruleId, path: node.node.path });
    return original.call(this, node, ruleId);
  };
  try {
    return { result: run(), findings };
  } finally {
    pack.isAcknowledged = original;
  }
}

const reports = new WeakMap<App, GateReport>();

/**
 * Synthesizes with the packs (once per app) and returns what the gate fails on. A failing pack
 * makes synthesis throw; the report on disk says why.
 */
export function complianceGate(synthesized: Pick<Synthesized, 'app' | 'outdir'>): GateReport {
  const cached = reports.get(synthesized.app);
  if (cached) return cached;
  const reportPath = join(synthesized.outdir, 'validation-report.json');
  const { findings } = recordingNagFindings(() => {
    try {
      synthesized.app.synth({ force: true });
    } catch (error) {
      if (!existsSync(reportPath)) throw error;
    }
  });
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const unacknowledged: Violation[] = report.pluginReports.flatMap((plugin: any) =>
    plugin.violations.map((v: any) => ({
      rule: `${plugin.pluginName}: ${v.ruleName}`,
      severity: v.severity,
      paths: v.violatingConstructs.map((c: any) => c.constructPath),
    })),
  );
  const suppressedByBuiltin: Finding[] = report.pluginReports.flatMap((plugin: any) =>
    (plugin.suppressedViolations ?? []).flatMap((v: any) =>
      v.violatingConstructs.map((c: any) => ({ rule: `${v.acknowledgedId}@${v.acknowledgedAt}`, path: c.constructPath })),
    ),
  );
  const result = { unacknowledged, acknowledgmentProblems: acknowledgmentProblems(synthesized.app, findings, suppressedByBuiltin) };
  reports.set(synthesized.app, result);
  return result;
}

/** Kept for the probes: the findings no acknowledgment covers. */
export function unacknowledgedFindings(synthesized: Pick<Synthesized, 'app' | 'outdir'>): Violation[] {
  return complianceGate(synthesized).unacknowledged;
}

function acknowledgmentProblems(app: App, nagFindings: Finding[], builtinSuppressed: Finding[]): string[] {
  const problems: string[] = [];
  const byPath = new Map(app.node.findAll().map((construct) => [construct.node.path, construct]));
  for (const construct of app.node.findAll()) {
    const path = construct.node.path;
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const qualifiedId of Object.keys(entry.data)) {
        const id = qualifiedId.replace(/^annotation::/i, '');
        const library = LIBRARY_ACKNOWLEDGMENTS.find((l) => l.id === id && l.at(construct));
        if (library) {
          const mayCover = (f: Finding) => {
            const covered = byPath.get(f.path);
            return covered !== undefined && library.mayCover(covered, construct);
          };
          for (const covered of builtinSuppressed.filter((f) => f.rule === `${id}@${path}` && !mayCover(f))) {
            problems.push(`${id}, acknowledged by aws-cdk-lib at ${path}, hides a finding on ${covered.path}, which it may not cover`);
          }
          continue;
        }
        if (!CfnResource.isCfnResource(construct)) {
          problems.push(`${id} is acknowledged on ${path}, which covers everything below it: acknowledge it on the resource it concerns`);
          continue;
        }
        const matched = id.startsWith(CFN_VALIDATE)
          ? builtinSuppressed.some((f) => f.rule === `${id}@${path}` && f.path === path)
          : nagFindings.some((f) => f.rule === id && f.path === path);
        if (!matched) problems.push(`stale acknowledgment: ${id} on ${path} matches no finding`);
        problems.push(...wildcardActionProblems(construct, id));
      }
    }
  }
  return problems;
}

/**
 * `AwsSolutions-IAM5[Resource::<pattern>]` names a resource pattern, not the actions on it. The
 * acknowledgment lists them (acknowledgeWildcardResource); the policy may grant no others.
 */
function wildcardActionProblems(resource: CfnResource, id: string): string[] {
  const pattern = /^AwsSolutions-IAM5\[Resource::(.*)\]$/.exec(id)?.[1];
  if (pattern === undefined) return [];
  const where = resource.node.path;
  const declared = resource.node.metadata.find((m) => m.type === WILDCARD_ACTIONS_METADATA && m.data[id])?.data[id] as string[] | undefined;
  if (!declared) return [`${id} on ${where} names no actions: acknowledge it with acknowledgeWildcardResource`];
  const granted = new Set(
    policyDocuments(resource)
      .flatMap((document) => document.Statement ?? [])
      .filter((s: any) => s.Effect === 'Allow' && [s.Resource].flat().map(flattenCfnReference).includes(pattern))
      .flatMap((s: any) => [s.Action].flat() as string[]),
  );
  return [
    ...[...granted]
      .filter((a) => !declared.includes(a))
      .map((a) => `${where} grants ${a} on ${pattern}, which its acknowledgment of ${id} does not name`),
    ...declared
      .filter((a) => !granted.has(a))
      .map((a) => `stale acknowledgment: ${id} on ${where} names ${a}, which the policy does not grant on ${pattern}`),
  ];
}

function policyDocuments(resource: CfnResource): any[] {
  const stack = Stack.of(resource);
  if (resource instanceof iam.CfnManagedPolicy || resource instanceof iam.CfnPolicy) return [stack.resolve(resource.policyDocument)];
  if (resource instanceof iam.CfnRole) return (stack.resolve(resource.policies) ?? []).map((p: any) => stack.resolve(p.policyDocument));
  return [];
}

/** The cfn-lint pinned in requirements.txt, in the project's own virtual environment. */
const CFN_LINT = join(__dirname, '..', '..', '.venv', 'bin', 'cfn-lint');

export function cfnLint(templatePaths: string[]): string[] {
  try {
    execFileSync(CFN_LINT, ['--format', 'parseable', '--ignore-checks', 'W3005', '--', ...templatePaths], { encoding: 'utf8' });
    return [];
  } catch (error: any) {
    if (error.code === 'ENOENT')
      throw new Error(
        `${CFN_LINT} is missing: run tools/setup-test-tools.sh (npm test runs it first) to install requirements.txt into .venv`,
        { cause: error },
      );
    return String(error.stdout).trim().split('\n');
  }
}

/** What the gate says about one synthesized profile. */
interface Verdict extends GateReport {
  readonly cfnLint: string[];
}

/**
 * The gate's verdict on a profile, from the cache of the synthesis sources when they and the
 * gate are as they were (a warm run of the suite then neither synthesizes with the packs nor
 * starts cfn-lint: together a quarter of the suite's CPU). The key adds what the gate reads
 * besides those sources: this file and the pinned cfn-lint. Stryker's mutants of lib/ and
 * `PLATFORM_SYNTH_CACHE=off` turn the cache off, as for templates; gate-is-live.test.ts proves
 * the gate itself on probes, uncached.
 */
function verdictOf(profile: string, synthesized: Synthesized, settings: Record<string, string>): Verdict {
  const produce = (): Verdict => ({
    ...complianceGate(synthesized),
    cfnLint: cfnLint([join(synthesized.outdir, `${synthesized.stack.stackName}.template.json`)]),
  });
  if (!diskCacheEnabled()) return produce();
  const gateSources = ['test/compliance/gate.ts', 'requirements.txt'].map((file) =>
    sha256(readFileSync(join(__dirname, '..', '..', file))),
  );
  return cachedJson(JSON.stringify({ gate: profile, settings, gateSources }), produce) as Verdict;
}

/**
 * The compliance gate for one profile. Each profile has a test file of its own so that jest's
 * two workers check both at once when the verdict is not cached.
 */
export function describeComplianceGate(profile: string, settings: Record<string, string> = {}): void {
  describe(`${profile} profile`, () => {
    // A suffix of its own so the cached, pack-free synthesis of other tests is not reused.
    const context = { platformProfile: profile, environmentSuffix: `nag-${profile}`, ...settings };
    const synthesized = synthesize(context, { compliance: true });
    let verdict: Verdict | undefined;
    const gate = () => (verdict ??= verdictOf(profile, synthesized, context));

    test('AwsSolutions, PCI DSS 3.2.1, NIST 800-53 rev 5 and CloudFormation validation report no unacknowledged finding', () => {
      expect(gate().unacknowledged).toEqual([]);
    });

    test('every acknowledgment names one finding on one resource, matches it, and hides no other action', () => {
      expect(gate().acknowledgmentProblems).toEqual([]);
    });

    test('cfn-lint reports nothing but W3005 (CDK redundant DependsOn)', () => {
      expect(gate().cfnLint).toEqual([]);
    });
  });
}
