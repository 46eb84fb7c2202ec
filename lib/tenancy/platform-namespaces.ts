import { CLOUDWATCH_NAMESPACE, FLUENT_BIT_NAMESPACE, SYSTEM_NAMESPACES } from '../shared/namespaces';

/**
 * Namespaces exempt from the cluster's restricted default because their pods need the node:
 * the Kubernetes system namespaces, Fluent Bit (container logs are host paths) and the
 * CloudWatch agent (host metrics). No tenant may take one of these names.
 */
export const PLATFORM_EXEMPT_NAMESPACES: readonly string[] = [...SYSTEM_NAMESPACES, FLUENT_BIT_NAMESPACE, CLOUDWATCH_NAMESPACE];
