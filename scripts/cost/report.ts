/**
 * What a cost report is made of: template types in, lines out, and the collector the pricers
 * (priced-types.ts) fill. No prices and no template walk here.
 */
import type { Assumptions } from './usage';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}

export interface CfnTemplate {
  readonly Description?: string;
  readonly Metadata?: Record<string, unknown>;
  readonly Resources?: Record<string, CfnResource>;
}

export type Resources = readonly [string, CfnResource][];

export type LineKind =
  | 'eks-control-plane'
  | 'ec2-nodes'
  | 'ebs-volumes'
  | 'nat-gateway-hours'
  | 'nat-gateway-data'
  | 'public-ipv4'
  | 'interface-endpoint-hours'
  | 'interface-endpoint-data'
  | 'interface-endpoint-cross-zone'
  | 'kms-keys'
  | 'logs-ingestion'
  | 'logs-storage'
  | 'alarms'
  | 'dashboards'
  | 'guardduty-audit-logs'
  | 'guardduty-runtime'
  | 'alb-hours'
  | 'alb-capacity-units'
  | 'waf-web-acls'
  | 'waf-rules'
  | 'waf-requests'
  | 'negligible';

export interface CostLine {
  readonly kind: LineKind;
  readonly label: string;
  /** How the amount was reached, e.g. "3 x m5.large x 730 h x $0.12". */
  readonly quantity: string;
  readonly monthlyUsd: number;
  /** The same line with every node group at its maximum size; equal to monthlyUsd for the rest. */
  readonly monthlyUsdAtMax: number;
  readonly note?: string;
}

export interface UnpricedItem {
  readonly type: string;
  readonly count: number;
  readonly reason: string;
  /**
   * Billed by how much the workload uses it, which no template can say (Container Insights
   * observations, Metrics Insights alarms): listed, but the report is still complete. Every
   * other unpriced item means a price is missing and makes the report INCOMPLETE.
   */
  readonly usageBased: boolean;
}

export interface FreeItem {
  readonly type: string;
  readonly count: number;
  readonly reason: string;
}

export interface CostReport {
  /** Most expensive first. */
  readonly lines: CostLine[];
  readonly totalMonthlyUsd: number;
  readonly totalMonthlyUsdAtMax: number;
  readonly notPriced: UnpricedItem[];
  readonly free: FreeItem[];
  readonly assumptions: Assumptions;
  /** False when a billable resource has no price: the total leaves it out. */
  readonly complete: boolean;
}

/** $0.10, $0.059, $0.0528: cents always shown, smaller digits when the price has them. */
export const usd = (amount: number): string => {
  const digits = Math.max(2, (String(Number(amount.toPrecision(6))).split('.')[1] ?? '').length);
  return `$${amount.toFixed(digits)}`;
};

export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Collects the lines, the unpriced and the free resources while the template is walked. */
export class CostCollector {
  private readonly lines: CostLine[] = [];
  private readonly notPriced = new Map<string, UnpricedItem>();
  private readonly free = new Map<string, FreeItem>();

  addLine(line: Omit<CostLine, 'monthlyUsdAtMax'> & { monthlyUsdAtMax?: number }): void {
    this.lines.push({ ...line, monthlyUsdAtMax: line.monthlyUsdAtMax ?? line.monthlyUsd });
  }

  /** A resource the report cannot price; see UnpricedItem.usageBased. */
  addUnpriced(type: string, reason: string, usageBased = false): void {
    const key = `${type}\u0000${reason}`;
    const entry = this.notPriced.get(key);
    this.notPriced.set(key, { type, reason, usageBased, count: (entry?.count ?? 0) + 1 });
  }

  addFree(type: string, reason: string): void {
    this.free.set(type, { type, reason, count: (this.free.get(type)?.count ?? 0) + 1 });
  }

  report(assumptions: Assumptions): CostReport {
    const total = (pick: (line: CostLine) => number) => this.lines.reduce((sum, line) => sum + pick(line), 0);
    const notPriced = [...this.notPriced.values()];
    return {
      lines: [...this.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.label.localeCompare(b.label)),
      totalMonthlyUsd: total((line) => line.monthlyUsd),
      totalMonthlyUsdAtMax: total((line) => line.monthlyUsdAtMax),
      notPriced,
      free: [...this.free.values()],
      assumptions,
      complete: notPriced.every((item) => item.usageBased),
    };
  }
}
