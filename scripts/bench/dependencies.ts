/**
 * The order CloudFormation creates a template's resources in: a resource starts when everything
 * it depends on is complete, and it depends on what it names in DependsOn, Ref, Fn::GetAtt and
 * Fn::Sub (${Name} and ${Name.Attribute}). Pseudo parameters (AWS::Region, ...) and template
 * parameters are not resources and are left out.
 */

export interface TemplateResource {
  readonly Type: string;
  readonly DependsOn?: string | string[];
  readonly Properties?: unknown;
}

export interface DependencyTemplate {
  readonly Resources?: Record<string, TemplateResource>;
}

/** The resource `Name.Attribute` (or `Name`) refers to. */
function logicalIdOf(reference: string): string {
  const dot = reference.indexOf('.');
  return dot === -1 ? reference : reference.slice(0, dot);
}

/** Every resource named anywhere inside `value` through Ref, Fn::GetAtt or Fn::Sub. */
function referencedNames(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) referencedNames(item, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'Ref' && typeof inner === 'string') {
      into.add(inner);
    } else if (key === 'Fn::GetAtt') {
      const target: unknown = Array.isArray(inner) ? inner[0] : typeof inner === 'string' ? inner.split('.')[0] : undefined;
      if (typeof target === 'string') into.add(target);
    } else if (key === 'Fn::Sub') {
      const text: unknown = Array.isArray(inner) ? inner[0] : inner;
      if (typeof text === 'string') {
        for (const [, variable] of text.matchAll(/\$\{([^!}][^}]*)\}/g)) if (variable !== undefined) into.add(logicalIdOf(variable));
      }
      // The variables of the two-argument form are expressions of their own.
      if (Array.isArray(inner)) referencedNames(inner.slice(1), into);
    } else {
      referencedNames(inner, into);
    }
  }
}

/** For each resource, the resources it waits for directly. */
export function directDependencies(template: DependencyTemplate): Map<string, Set<string>> {
  const resources = template.Resources ?? {};
  const graph = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) {
    const names = new Set<string>();
    const dependsOn = resource.DependsOn === undefined ? [] : ([] as string[]).concat(resource.DependsOn);
    dependsOn.forEach((name) => names.add(name));
    referencedNames(resource.Properties, names);
    graph.set(id, new Set([...names].filter((name) => name in resources && name !== id)));
  }
  return graph;
}

/** Everything `id` waits for, directly or through another resource. */
export function transitiveDependencies(graph: Map<string, Set<string>>, id: string): Set<string> {
  const seen = new Set<string>();
  const pending = [...(graph.get(id) ?? [])];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...(graph.get(next) ?? []));
  }
  return seen;
}

export interface ChainLink {
  readonly id: string;
  readonly type: string;
  readonly seconds: number;
}

export interface CriticalPath {
  /** Sum of the typical creation times along the chain: the least a create can take. */
  readonly seconds: number;
  /** From the first resource created to the last. */
  readonly chain: ChainLink[];
}

/**
 * The longest chain of dependencies, each resource weighted by how long it typically takes to
 * create (by its type, and for some types by what it is): with unlimited parallelism this is how long the stack's creation takes.
 */
export function criticalPath(template: DependencyTemplate, secondsFor: (resource: TemplateResource) => number): CriticalPath {
  const resources = template.Resources ?? {};
  const graph = directDependencies(template);
  // Finish time of each resource and the dependency it waited for last.
  const finish = new Map<string, { seconds: number; after?: string }>();
  // Every id here comes from the template's resources, directly or through the dependency graph.
  const resourceOf = (id: string): TemplateResource => {
    const resource = resources[id];
    if (!resource) throw new Error(`${id} is not a resource of the template`);
    return resource;
  };
  const visiting = new Set<string>();
  const finishOf = (id: string): number => {
    const known = finish.get(id);
    if (known) return known.seconds;
    if (visiting.has(id)) throw new Error(`dependency cycle through ${id}`);
    visiting.add(id);
    let start = 0;
    let after: string | undefined;
    for (const dependency of graph.get(id) ?? []) {
      const ready = finishOf(dependency);
      if (after === undefined || ready > start) {
        start = ready;
        after = dependency;
      }
    }
    visiting.delete(id);
    const seconds = start + secondsFor(resourceOf(id));
    finish.set(id, { seconds, after });
    return seconds;
  };
  let last: string | undefined;
  for (const id of Object.keys(resources)) {
    if (last === undefined || finishOf(id) > finishOf(last)) last = id;
  }
  const chain: ChainLink[] = [];
  for (let id = last; id !== undefined; id = finish.get(id)!.after) {
    const resource = resourceOf(id);
    chain.unshift({ id, type: resource.Type, seconds: secondsFor(resource) });
  }
  return { seconds: last === undefined ? 0 : finishOf(last), chain };
}
