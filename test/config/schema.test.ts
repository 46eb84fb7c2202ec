import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { loadConfig } from '../../lib/config/load';
import { configJsonSchema, renderSchema, SCHEMA_FILE } from '../../tools/config-schema';
import { internalCertificateSettings } from '../support/synth';

const ROOT = join(__dirname, '..', '..');
const committed = readFileSync(SCHEMA_FILE, 'utf8');
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(committed));
const acceptedByApp = (settings: Record<string, unknown>) => {
  try {
    loadConfig({ configFile: 'settings.json' }, () => JSON.stringify(settings));
    return true;
  } catch {
    return false;
  }
};

test('platform-config.schema.json is what npm run schema generates from the zod schema today', () => {
  expect(committed).toBe(renderSchema());
});

test.each(readdirSync(join(ROOT, 'environments')))('environments/%s carries $schema and is valid by the schema and by the app', (file) => {
  const settings = JSON.parse(readFileSync(join(ROOT, 'environments', file), 'utf8'));
  expect(settings.$schema).toBe('../platform-config.schema.json');
  expect(validate(settings)).toBe(true);
  expect(acceptedByApp(settings)).toBe(true);
});

// Single-key rules: a real JSON Schema validator (ajv) and the app agree on each.
test.each<[string, Record<string, unknown>, boolean]>([
  ['the old key "profile"', { profile: 'production' }, false],
  ['an unknown key', { clusterSize: 3 }, false],
  ['platformProfile production', { platformProfile: 'production', ...internalCertificateSettings() }, true],
  ['platformProfile staging', { platformProfile: 'staging' }, false],
  ['natGateways 4', { natGateways: 4 }, false],
  ['natGateways "2" (a string in a file)', { natGateways: '2' }, false],
  ['logRetentionDays 30', { logRetentionDays: 30 }, true],
  ['logRetentionDays 9 (no CloudWatch period)', { logRetentionDays: 9 }, false],
  ['publicAccessCidrs of a /24', { publicAccessCidrs: ['203.0.113.0/24'] }, true],
  ['publicAccessCidrs without a prefix length', { publicAccessCidrs: ['203.0.113.0'] }, false],
  ['environmentSuffix with capitals', { environmentSuffix: 'PR42' }, false],
  ['a tenant with an unknown key', { tenants: { payments: { quota: '10' } } }, false],
  ['a tenant enforcing privileged', { tenants: { payments: { enforce: 'privileged' } } }, false],
  ['nodeInstanceType m7g.large', { nodeInstanceType: 'm7g.large' }, true],
  ['nodeGroupRollout zone-by-zone', { nodeGroupRollout: 'zone-by-zone' }, true],
  ['nodeGroupRollout rolling', { nodeGroupRollout: 'rolling' }, false],
  ['forceNodeUpdate as text', { forceNodeUpdate: 'false' }, false],
  ['tags in any script, with every allowed symbol', { tags: { 'Équipe_1.a:b/c=d+e-f@g': 'Paiements 支付' } }, true],
  ['a tag key of 128 characters', { tags: { ['é'.repeat(128)]: 'x' } }, true],
  ['a tag key of 129 characters', { tags: { ['é'.repeat(129)]: 'x' } }, false],
  ['a tag key with the reserved prefix', { tags: { 'AWS:team': 'x' } }, false],
  ['a tag value with the reserved prefix', { tags: { team: 'aws:payments' } }, false],
  ['a tag value with a "!"', { tags: { team: 'payments!' } }, false],
  ['allowUnknownInstanceTypes true', { allowUnknownInstanceTypes: true, nodeInstanceType: 't3.large' }, true],
  ['allowUnknownInstanceTypes as text', { allowUnknownInstanceTypes: 'true' }, false],
])('%s %j: valid=%s by the schema and by the app', (_name, settings, valid) => {
  expect({ schema: validate(settings), app: acceptedByApp(settings) }).toEqual({ schema: valid, app: valid });
});

test('every key of the schema says what it allows', () => {
  for (const [key, property] of Object.entries<any>(configJsonSchema().properties)) {
    expect({ key, description: typeof property.description }).toEqual({ key, description: 'string' });
  }
});
