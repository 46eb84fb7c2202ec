import { Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';

/** A Helm chart by repository, name and exact version: never a range, so a deploy installs what was tested. */
export interface ChartPin {
  /** The chart's name in its repository. */
  readonly chart: string;
  /** The chart repository's URL. */
  readonly repository: string;
  /** The exact chart version. */
  readonly version: string;
}

export interface ChartOnNodesProps {
  /** The cluster the chart is installed on. */
  readonly cluster: eks.ICluster;
  /** Which chart, and which version of it. */
  readonly chart: ChartPin;
  /** The Helm release name. */
  readonly release: string;
  /** The namespace the release is installed in; it must exist already. */
  readonly namespace: string;
  /** The node groups its pods run on: the install waits for the pods, so it must come after them. */
  readonly nodeGroups: readonly IDependable[];
  /** The chart's values, in the chart's own schema. */
  readonly values: Record<string, unknown>;
}

/**
 * Installs a chart whose pods must be running before the deploy goes on. Helm waits for them
 * (`wait`), so a release whose pods never become ready fails the deploy rather than being
 * reported as installed; and since the pods need nodes, the install depends on the node
 * groups, or on a new cluster it would wait for nodes that are not being created yet.
 */
export function installChartOnNodes(scope: Construct, id: string, props: ChartOnNodesProps): eks.HelmChart {
  const chart = new eks.HelmChart(scope, id, {
    cluster: props.cluster,
    ...props.chart,
    release: props.release,
    namespace: props.namespace,
    wait: true,
    // Twice Helm's default, within the 15 minutes the kubectl provider's function may run.
    timeout: Duration.minutes(10),
    values: props.values,
  });
  chart.node.addDependency(...props.nodeGroups);
  return chart;
}
