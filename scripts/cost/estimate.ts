/**
 * The template walk of `npm run cost`: every resource goes to its type's pricer in the
 * registry, or is negligible, free, or unknown (which makes the report INCOMPLETE). Pure: no
 * file, network or clock access, so the tests can check it against numbers worked out by hand.
 */
import { freeReason, PriceBook } from './price-book';
import { SETTINGS_METADATA_KEY } from '../../lib/platform-stack';
import { PRICED_TYPES, priceThreatDetection, RecordedThreatDetection } from './priced-types';
import { CfnResource, CfnTemplate, CostCollector, CostReport } from './report';
import { Assumptions, DEFAULT_ASSUMPTIONS } from './usage';

export function estimateCost(template: CfnTemplate, book: PriceBook, assumptions: Assumptions = DEFAULT_ASSUMPTIONS): CostReport {
  const all = template.Resources ?? {};
  const byType = new Map<string, [string, CfnResource][]>();
  for (const entry of Object.entries(all)) {
    byType.set(entry[1].Type, [...(byType.get(entry[1].Type) ?? []), entry]);
  }

  const collector = new CostCollector();
  const context = { collector, book, assumptions, all };
  for (const [type, resources] of byType) {
    const pricer = PRICED_TYPES[type];
    if (pricer) {
      pricer(resources, context);
      continue;
    }
    const negligible = book.negligible[type];
    if (negligible) {
      collector.addLine({
        kind: 'negligible',
        label: negligible.label,
        quantity: `${resources.length} x ${type}`,
        monthlyUsd: 0,
        note: negligible.reason,
      });
      continue;
    }
    const reason = freeReason(book, type);
    for (let i = 0; i < resources.length; i++) {
      if (reason === undefined) collector.addUnpriced(type, 'neither priced nor listed as free in the price book');
      else collector.addFree(type, reason);
    }
  }
  const settings = template.Metadata?.[SETTINGS_METADATA_KEY] as { threatDetection?: RecordedThreatDetection } | undefined;
  priceThreatDetection(settings?.threatDetection, context);
  return collector.report(assumptions);
}
