import { estimateCost } from '../../scripts/cost/estimate';
import { loadPriceBook } from '../../scripts/cost/price-book';
import { CostReport, LineKind } from '../../scripts/cost/report';
import { lazily, synthesize } from '../support/synth';

// The reports (and the price book, code under test too) are produced on a test's first read:
// produced while the file loads, they would be stale for every mutant of a mutation run
// (test/support/synth.ts).
const book = lazily(() => loadPriceBook('ap-southeast-1'));
const reportFor = (profile: string) =>
  lazily((): CostReport => estimateCost(synthesize({ platformProfile: profile }).template.toJSON(), book()));
const ephemeralReport = reportFor('ephemeral');
const productionReport = reportFor('production');

const monthly = (report: CostReport, kind: LineKind) =>
  report.lines.filter((line) => line.kind === kind).reduce((sum, line) => sum + line.monthlyUsd, 0);

describe.each([
  ['ephemeral', ephemeralReport],
  ['production', productionReport],
])('the %s template is fully accounted for', (_profile, reportOf) => {
  test('the report is complete: every resource is priced, negligible, free or billed by usage', () => {
    const report = reportOf();
    // A new billable resource must get a price (or a free-list entry with its reason) in
    // lib/shared/prices/ap-southeast-1.json before the report may leave it out.
    expect(report.notPriced.filter((item) => !item.usageBased)).toEqual([]);
    expect(report.complete).toBe(true);
  });

  test.each<LineKind>([
    'eks-control-plane',
    'ec2-nodes',
    'ebs-volumes',
    'nat-gateway-hours',
    'interface-endpoint-hours',
    'kms-keys',
    'logs-ingestion',
    'logs-storage',
    'alarms',
    'dashboards',
  ])('has a %s line with a cost', (kind) => {
    expect(monthly(reportOf(), kind)).toBeGreaterThan(0);
  });
});

describe('production against ephemeral', () => {
  // The profiles differ in cost by design only in NAT gateways (S2: one vs one per zone, each
  // with its public IPv4 address), log retention (S3: a week vs a year), node capacity (Spot vs
  // On-Demand) and the zones of the interface endpoints (one vs three, and the traffic from the
  // zones without one).
  const drivers: LineKind[] = [
    'nat-gateway-hours',
    'public-ipv4',
    'logs-storage',
    'ec2-nodes',
    'interface-endpoint-hours',
    'interface-endpoint-cross-zone',
  ];

  test('production costs more', () => {
    const ephemeral = ephemeralReport();
    const production = productionReport();
    expect(production.totalMonthlyUsd).toBeGreaterThan(ephemeral.totalMonthlyUsd);
  });

  test('the difference is the NAT gateway, log retention, node capacity and endpoint zone lines, and every other line is equal', () => {
    const ephemeral = ephemeralReport();
    const production = productionReport();
    const kinds = new Set([...ephemeral.lines, ...production.lines].map((line) => line.kind));
    for (const kind of kinds) {
      if (drivers.includes(kind)) continue;
      expect({ kind, cost: monthly(production, kind) }).toEqual({ kind, cost: monthly(ephemeral, kind) });
    }
    const explained = drivers.reduce((sum, kind) => sum + monthly(production, kind) - monthly(ephemeral, kind), 0);
    expect(explained).toBeCloseTo(production.totalMonthlyUsd - ephemeral.totalMonthlyUsd, 9);
  });

  test('three NAT gateways and their addresses cost three times one', () => {
    const ephemeral = ephemeralReport();
    const production = productionReport();
    expect(monthly(production, 'nat-gateway-hours')).toBeCloseTo(3 * monthly(ephemeral, 'nat-gateway-hours'), 9);
    expect(monthly(production, 'public-ipv4')).toBeCloseTo(3 * monthly(ephemeral, 'public-ipv4'), 9);
  });

  test('a year of stored logs costs 365/7 times a week of them, at the same ingestion', () => {
    const ephemeral = ephemeralReport();
    const production = productionReport();
    expect(monthly(production, 'logs-ingestion')).toBeCloseTo(monthly(ephemeral, 'logs-ingestion'), 9);
    expect(monthly(production, 'logs-storage')).toBeCloseTo((365 / 7) * monthly(ephemeral, 'logs-storage'), 9);
  });
});

describe('what makes a pull-request environment cheaper', () => {
  test('Spot nodes are priced at the dearest of their four types: m6i.large, $0.12 On-Demand less its 57% average saving', () => {
    const ephemeral = ephemeralReport();
    const production = productionReport();
    expect(monthly(ephemeral, 'ec2-nodes')).toBeCloseTo(3 * 730 * 0.12 * (1 - 0.57), 9);
    expect(monthly(production, 'ec2-nodes')).toBeCloseTo(3 * 730 * 0.12, 9);
  });

  test('interface endpoints in one zone cost a third of three zones, plus the traffic of two zones of nodes crossing to it', () => {
    const ephemeral = ephemeralReport();
    const production = productionReport();
    expect(monthly(ephemeral, 'interface-endpoint-hours')).toBeCloseTo(monthly(production, 'interface-endpoint-hours') / 3, 9);
    // 50 GB x 2/3 x 2 directions x $0.01
    expect(monthly(ephemeral, 'interface-endpoint-cross-zone')).toBeCloseTo((50 * 2 * 2 * 0.01) / 3, 9);
    expect(monthly(production, 'interface-endpoint-cross-zone')).toBe(0);
  });

  // The Secrets Manager endpoint added 730 h x $0.013 per zone: $9.49 here, $28.47 in production.
  // GuardDuty added $17 to each: 5 million audit events x $1.60 and 6 vCPUs x $1.50 (its endpoint is free).
  test('the ephemeral environment costs at most $350 a month; production stays at $692.85', () => {
    const ephemeral = ephemeralReport();
    const production = productionReport();
    expect(ephemeral.totalMonthlyUsd).toBeLessThanOrEqual(350);
    expect(production.totalMonthlyUsd).toBeCloseTo(692.85, 2);
  });

  test('GuardDuty costs the same in both: audit events by usage, and the vCPUs of the three desired nodes', () => {
    const ephemeral = ephemeralReport();
    const production = productionReport();
    for (const report of [ephemeral, production]) {
      expect(monthly(report, 'guardduty-audit-logs')).toBeCloseTo(5 * 1.6, 9);
      expect(monthly(report, 'guardduty-runtime')).toBeCloseTo(3 * 2 * 1.5, 9);
    }
  });
});

describe('ingress: load balancers and the web ACL (O7)', () => {
  const CERT = 'arn:aws:acm:ap-southeast-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
  const withPublicReport = lazily(() =>
    estimateCost(
      synthesize({
        platformProfile: 'production',
        ingress: { internal: { certificateArn: CERT }, public: { enabled: true, certificateArns: [CERT] } },
      }).template.toJSON(),
      book(),
    ),
  );
  const kindsOf = (report: CostReport) => new Set(report.lines.map((line) => line.kind));

  test('with public ingress the report is complete and has every ingress line', () => {
    const withPublic = withPublicReport();
    expect(withPublic.notPriced.filter((item) => !item.usageBased)).toEqual([]);
    for (const kind of ['alb-hours', 'alb-capacity-units', 'waf-web-acls', 'waf-rules', 'waf-requests'] as LineKind[]) {
      expect(kindsOf(withPublic)).toContain(kind);
    }
  });

  test('the web ACL, its five rules (four managed groups, one rate limit) and its requests: $5 + 5 x $1 + 10 million x $0.60', () => {
    const withPublic = withPublicReport();
    expect(monthly(withPublic, 'waf-web-acls')).toBeCloseTo(5, 9);
    expect(monthly(withPublic, 'waf-rules')).toBeCloseTo(5, 9);
    expect(monthly(withPublic, 'waf-requests')).toBeCloseTo(6, 9);
  });

  test('one public load balancer by default when public ingress is enabled: 730 h x $0.0252, 1 LCU x 730 h x $0.008', () => {
    const withPublic = withPublicReport();
    expect(monthly(withPublic, 'alb-hours')).toBeCloseTo(730 * 0.0252, 9);
    expect(monthly(withPublic, 'alb-capacity-units')).toBeCloseTo(730 * 0.008, 9);
  });

  test('without public ingress: no WAF line; the internal class is priced by the usage file (0 load balancers by default)', () => {
    const ephemeral = ephemeralReport();
    const production = productionReport();
    for (const report of [ephemeral, production]) {
      expect([...kindsOf(report)].filter((kind) => kind.startsWith('waf-'))).toEqual([]);
      expect(kindsOf(report)).toContain('alb-hours');
      expect(monthly(report, 'alb-hours')).toBe(0);
    }
  });
});
