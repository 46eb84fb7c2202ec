import type { Template } from 'aws-cdk-lib/assertions';
import type { IPod, IPodSpec } from 'kubernetes-models/v1';

type IObjectMeta = NonNullable<IPod['metadata']>;

/** A Kubernetes object as it will reach the API server. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: IObjectMeta;
  readonly [field: string]: unknown;
}

/** One object of a `Custom::AWSCDK-EKS-KubernetesResource` manifest. */
export interface ShippedObject {
  readonly logicalId: string;
  readonly object: KubernetesObject;
}

/** A `Custom::AWSCDK-EKS-KubernetesPatch`: `kubectl patch <resourceName>` on create, the restore patch on delete. */
export interface ShippedPatch {
  readonly logicalId: string;
  readonly resourceName: string;
  readonly resourceNamespace: string;
  readonly patchType: string;
  readonly applyPatch: Record<string, any>;
  readonly restorePatch: Record<string, any>;
}

/** Something that puts objects in the cluster which only exist once rendered at deploy time. */
export interface UnrenderedRelease {
  readonly logicalId: string;
  readonly description: string;
}

export const MANIFEST_TYPE = 'Custom::AWSCDK-EKS-KubernetesResource';
export const PATCH_TYPE = 'Custom::AWSCDK-EKS-KubernetesPatch';
export const HELM_CHART_TYPE = 'Custom::AWSCDK-EKS-HelmChart';
export const ADDON_TYPE = 'AWS::EKS::Addon';

/** Replaces one CloudFormation intrinsic (`Ref`, `Fn::GetAtt`, ...) inside a manifest by text. */
export type TokenText = (intrinsic: string, args: unknown) => string;

/** Readable placeholders such as `<Fn::GetAtt Role.Arn>`, for messages and schema checks. */
export const placeholderText: TokenText = (intrinsic, args) => {
  if (intrinsic === 'Ref') return `<Ref ${String(args)}>`;
  if (intrinsic === 'Fn::GetAtt') return `<Fn::GetAtt ${Array.isArray(args) ? args.join('.') : String(args)}>`;
  return `<${intrinsic}>`;
};

/**
 * Values of the shape CloudFormation substitutes at deploy time, for an API server that checks
 * them: an IAM role ARN for `Fn::GetAtt <role>.Arn` (the only intrinsic manifests carry today, in
 * IRSA annotations), the logical id for a `Ref`.
 */
export const sampleText: TokenText = (intrinsic, args) => {
  if (intrinsic === 'Fn::GetAtt' && Array.isArray(args) && args[1] === 'Arn') return `arn:aws:iam::123456789012:role/${String(args[0])}`;
  if (intrinsic === 'Ref') return String(args).toLowerCase();
  throw new Error(`no sample value for ${intrinsic} ${JSON.stringify(args)} in a manifest`);
};

/**
 * A manifest that refers to other resources (a role ARN in a service account annotation) is an
 * `Fn::Join` of text and intrinsics. The intrinsics are replaced by `tokenText` (placeholders by
 * default); CDK only places tokens inside JSON strings, where any text parses.
 */
export function resolveToText(value: unknown, tokenText: TokenText = placeholderText): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const [intrinsic, args] = Object.entries(value)[0] ?? [];
    if (intrinsic === 'Fn::Join' && Array.isArray(args) && Array.isArray(args[1])) {
      return args[1].map((part) => resolveToText(part, tokenText)).join(String(args[0]));
    }
    if (intrinsic === 'Ref' || intrinsic?.startsWith('Fn::')) return tokenText(intrinsic, args);
  }
  throw new Error(`cannot read ${JSON.stringify(value)} as text`);
}

function resources(template: Template, type: string): [string, any][] {
  return Object.entries(template.findResources(type));
}

function parseJson(logicalId: string, property: string, value: unknown, tokenText?: TokenText): any {
  const text = resolveToText(value, tokenText);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${logicalId}.${property} is not JSON once its intrinsics are replaced: ${(error as Error).message}\n${text}`, {
      cause: error,
    });
  }
}

/** Every object of every manifest in the template, in manifest order. */
export function shippedObjects(template: Template, tokenText?: TokenText): ShippedObject[] {
  return resources(template, MANIFEST_TYPE).flatMap(([logicalId, resource]) => {
    const manifest = parseJson(logicalId, 'Manifest', resource.Properties.Manifest, tokenText);
    if (!Array.isArray(manifest)) throw new Error(`${logicalId}.Manifest is not a list of objects`);
    return manifest.map((object: KubernetesObject) => ({ logicalId, object }));
  });
}

export function shippedPatches(template: Template): ShippedPatch[] {
  return resources(template, PATCH_TYPE).map(([logicalId, resource]) => ({
    logicalId,
    resourceName: resource.Properties.ResourceName,
    resourceNamespace: resource.Properties.ResourceNamespace,
    patchType: resource.Properties.PatchType,
    applyPatch: parseJson(logicalId, 'ApplyPatchJson', resource.Properties.ApplyPatchJson),
    restorePatch: parseJson(logicalId, 'RestorePatchJson', resource.Properties.RestorePatchJson),
  }));
}

/**
 * The template's logical ids in an order CloudFormation may create them: every resource after
 * those it names in `DependsOn`, `Ref` or `Fn::GetAtt` (template order among independent ones).
 */
export function deploymentOrder(template: Template): string[] {
  const all: Record<string, any> = template.toJSON().Resources ?? {};
  const dependencies = new Map<string, Set<string>>();
  const collect = (node: unknown, into: Set<string>): void => {
    if (Array.isArray(node)) node.forEach((item) => collect(item, into));
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Ref' && typeof value === 'string' && value in all) into.add(value);
        else if (key === 'Fn::GetAtt' && Array.isArray(value) && value[0] in all) into.add(value[0]);
        else collect(value, into);
      }
    }
  };
  for (const [logicalId, resource] of Object.entries(all)) {
    const needs = new Set<string>([resource.DependsOn ?? []].flat());
    collect(resource.Properties, needs);
    dependencies.set(logicalId, needs);
  }
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (logicalId: string): void => {
    if (state.get(logicalId) === 'done') return;
    if (state.get(logicalId) === 'visiting') throw new Error(`dependency cycle through ${logicalId}`);
    state.set(logicalId, 'visiting');
    for (const needed of dependencies.get(logicalId) ?? []) visit(needed);
    state.set(logicalId, 'done');
    ordered.push(logicalId);
  };
  Object.keys(all).forEach(visit);
  return ordered;
}

/**
 * Helm charts and EKS managed add-ons put pods in the cluster too, but their objects exist only
 * once rendered by Helm or EKS at deploy time, so no offline check sees them.
 */
export function unrenderedReleases(template: Template): UnrenderedRelease[] {
  const charts = resources(template, HELM_CHART_TYPE).map(([logicalId, resource]) => {
    const p = resource.Properties;
    return { logicalId, description: `Helm chart ${p.Chart} ${p.Version ?? '(unpinned)'} in namespace ${p.Namespace ?? 'default'}` };
  });
  const addons = resources(template, ADDON_TYPE).map(([logicalId, resource]) => ({
    logicalId,
    description: `EKS managed add-on ${resource.Properties.AddonName} ${resource.Properties.AddonVersion ?? '(EKS default version)'}`,
  }));
  return [...charts, ...addons];
}

/** Namespaced objects applied without a namespace land in the kubectl handler's context namespace. */
export function namespaceOf(object: KubernetesObject): string {
  return object.metadata?.namespace ?? 'default';
}

export interface ShippedPodTemplate {
  /** e.g. `DaemonSet logging/fluent-bit` */
  readonly owner: string;
  readonly namespace: string;
  readonly metadata?: IObjectMeta;
  readonly spec: IPodSpec;
}

/** Where each workload kind keeps the pod it creates. */
const POD_TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

/** The pod (template) of every workload among the objects, with the namespace its pods land in. */
export function podTemplates(objects: readonly KubernetesObject[]): ShippedPodTemplate[] {
  return objects.flatMap((object) => {
    const path = POD_TEMPLATE_PATHS[object.kind];
    if (!path) return [];
    const pod = path.reduce<any>((node, key) => node?.[key], object);
    const namespace = namespaceOf(object);
    return [{ owner: `${object.kind} ${namespace}/${object.metadata?.name}`, namespace, metadata: pod?.metadata, spec: pod?.spec }];
  });
}
