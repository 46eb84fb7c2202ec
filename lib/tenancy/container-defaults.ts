/**
 * What the LimitRange of every tenant namespace gives a container that declares no resources.
 * A namespace with a compute ResourceQuota rejects pods without requests and limits; these
 * defaults let such pods in. They are small on purpose: a namespace's quota has to admit at
 * least one defaulted container, which the config validation checks (lib/config/schema.ts).
 */
export const CONTAINER_DEFAULTS = {
  request: { cpu: '100m', memory: '128Mi' },
  limit: { cpu: '500m', memory: '512Mi' },
} as const;

const MEMORY_UNITS: Record<string, number> = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** `"2"` -> 2000, `"0.5"` -> 500, `"500m"` -> 500; undefined for text that is not a CPU quantity. */
export function cpuMillicores(quantity: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
  if (!match) return undefined;
  return match[2] === 'm' ? Number(match[1]) : Number(match[1]) * 1000;
}

/** `"512Mi"` -> 536870912; undefined for text that is not a binary-suffixed memory quantity. */
export function memoryBytes(quantity: string): number | undefined {
  const match = /^(\d+)(Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!match) return undefined;
  const unit = MEMORY_UNITS[match[2] ?? ''];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}
