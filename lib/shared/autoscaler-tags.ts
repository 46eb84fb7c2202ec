/**
 * The tags EKS puts on every managed node group's Auto Scaling group: the node groups carry them,
 * the Cluster Autoscaler discovers its groups by them and its IAM conditions match them.
 */
export function autoscalerTags(clusterName: string): Record<string, string> {
  return { 'k8s.io/cluster-autoscaler/enabled': 'true', [`k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' };
}
