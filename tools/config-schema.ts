/**
 * `npm run schema`: writes platform-config.schema.json, the JSON Schema of configuration files
 * (`-c configFile=...`), generated from the zod schema that validates them, so editors can
 * complete and check a file before synthesis. Rules across keys (minSize <= desiredSize <=
 * maxSize, zones of the region, no public CIDRs on a private endpoint, reserved tenant names,
 * quota floors) are checked at synthesis only; the description says so.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ALLOWED, configSchema } from '../lib/config/schema';
import { runMain } from '../scripts/run-main';

export const SCHEMA_FILE = join(__dirname, '..', 'platform-config.schema.json');

/** The parts of zod's JSON Schema of an object that the export keeps. */
interface GeneratedSchema {
  readonly $schema: string;
  readonly type: string;
  readonly properties: Record<string, Record<string, unknown>>;
  readonly additionalProperties: unknown;
}

export function configJsonSchema(): Record<string, any> {
  const generated = z.toJSONSchema(configSchema, { io: 'input' }) as GeneratedSchema;
  const properties = generated.properties;
  for (const [key, property] of Object.entries(properties)) {
    property.description = ALLOWED[key as keyof typeof ALLOWED];
  }
  return {
    $schema: generated.$schema,
    title: 'Fintech EKS platform configuration file',
    description:
      'Settings for -c configFile=<path>; -c key=value on the command line overrides them. Rules across keys ' +
      '(minSize <= desiredSize <= maxSize, zones of the region, no public CIDRs on a private endpoint, reserved tenant ' +
      'names, tenant quotas at least the LimitRange defaults) are checked when the app is synthesized.',
    type: generated.type,
    properties: { $schema: { type: 'string', description: 'this schema, for editors' }, ...properties },
    additionalProperties: generated.additionalProperties,
  };
}

export function renderSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  void runMain('npm run schema', () => {
    writeFileSync(SCHEMA_FILE, renderSchema());
    console.log(`wrote ${SCHEMA_FILE}`);
  });
}
