const SUFFIXES: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/**
 * A Kubernetes quantity as a number (`500m` -> 0.5, `200Gi` -> 214748364800). The API server
 * rewrites quantities into its canonical form, so `0.5` comes back as `500m`: compare numbers.
 */
export function quantity(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(value);
  if (!match) throw new Error(`"${value}" is not a Kubernetes quantity this suite understands`);
  return Number(match[1]) * (match[2] ? SUFFIXES[match[2]] : 1);
}
