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

/**
 * A manifest that refers to other resources (a role ARN in a service account annotation) is an
 * `Fn::Join` of text and intrinsics. The intrinsics are replaced by a readable placeholder such
 * as `<Fn::GetAtt Role.Arn>`; CDK only places tokens inside JSON strings, where any text parses.
 */
export function resolveToText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const [intrinsic, args] = Object.entries(value)[0] ?? [];
    if (intrinsic === 'Fn::Join' && Array.isArray(args) && Array.isArray(args[1])) {
      return args[1].map(resolveToText).join(String(args[0]));
    }
    if (intrinsic === 'Ref') return `<Ref ${String(args)}>`;
    if (intrinsic === 'Fn::GetAtt') return `<Fn::GetAtt ${Array.isArray(args) ? args.join('.') : String(args)}>`;
    if (intrinsic?.startsWith('Fn::')) return `<${intrinsic}>`;
  }
  throw new Error(`cannot read ${JSON.stringify(value)} as text`);
}

function resources(template: Template, type: string): [string, any][] {
  return Object.entries(template.findResources(type));
}

function parseJson(logicalId: string, property: string, value: unknown): any {
  const text = resolveToText(value);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${logicalId}.${property} is not JSON once its intrinsics are replaced: ${(error as Error).message}\n${text}`, { cause: error });
  }
}

/** Every object of every manifest in the template, in manifest order. */
export function shippedObjects(template: Template): ShippedObject[] {
  return resources(template, MANIFEST_TYPE).flatMap(([logicalId, resource]) => {
    const manifest = parseJson(logicalId, 'Manifest', resource.Properties.Manifest);
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

type ModelClass = new (data: unknown) => { validate(): void };

/**
 * kubernetes-models publishes one module per API group version, at the apiVersion's own path
 * (`kubernetes-models/apps/v1`), each exporting a class per kind with its OpenAPI schema.
 */
function modelClass(apiVersion: string, kind: string): ModelClass | undefined {
  if (!/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion)) return undefined;
  let groupVersion: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is chosen by the manifest's apiVersion
    groupVersion = require(`kubernetes-models/${apiVersion}`);
  } catch {
    return undefined;
  }
  const model = groupVersion[kind] as (ModelClass & { kind?: string }) | undefined;
  return typeof model === 'function' && model.kind === kind ? model : undefined;
}

/**
 * The object's violations of the Kubernetes OpenAPI schema of its apiVersion and kind (types,
 * enums, required fields, quantity formats); empty when it is valid. An apiVersion/kind with no
 * schema here (a custom resource, a removed API) is itself reported, never skipped.
 */
export function schemaErrors(object: { readonly apiVersion: string; readonly kind: string; readonly [field: string]: unknown }): string[] {
  const model = modelClass(object.apiVersion, object.kind);
  if (!model) return [`no Kubernetes schema for apiVersion "${object.apiVersion}", kind "${object.kind}"`];
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    return String((error as Error).message).split(', ');
  }
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
