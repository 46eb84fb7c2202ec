import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from './kubernetes';

/** The sample payments API a team applies into its namespace (examples/payments-api). */
export const PAYMENTS_API_EXAMPLE = join(__dirname, '..', '..', 'examples', 'payments-api', 'payments-api.yaml');

/** The sample's objects (Deployment, Service, Ingress), each placed in `namespace`, as `kubectl apply -n` does. */
export function paymentsApiObjects(namespace: string): KubernetesObject[] {
  return parseAllDocuments(readFileSync(PAYMENTS_API_EXAMPLE, 'utf8')).map((document) => {
    const object = document.toJS() as KubernetesObject;
    return { ...object, metadata: { ...object.metadata, namespace } };
  });
}

/** One of them by kind. */
export function exampleObject(objects: readonly KubernetesObject[], kind: string): KubernetesObject {
  const found = objects.find((object) => object.kind === kind);
  if (!found) throw new Error(`${PAYMENTS_API_EXAMPLE} has no ${kind}`);
  return found;
}
