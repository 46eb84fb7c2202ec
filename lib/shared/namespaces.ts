/**
 * Namespaces the platform's own components run in. The tenancy admission policy exempts the
 * ones listed here by name, so they live in one place.
 */
export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'] as const;

/** Fluent Bit needs host paths (container logs on the node): the one `privileged` platform namespace. */
export const FLUENT_BIT_NAMESPACE = 'logging';

/** Created by the amazon-cloudwatch-observability add-on; its agents read host metrics. */
export const CLOUDWATCH_NAMESPACE = 'amazon-cloudwatch';
