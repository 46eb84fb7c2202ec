import { readFileSync } from 'node:fs';
import { Token } from 'aws-cdk-lib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FLUENT_BIT_CONFIG_FILE,
  fluentBitConfigFile,
  loadFluentBitConfig,
  renderFluentBitConfig,
} from '../../lib/observability/fluent-bit/config';
import { lazily } from '../support/synth';

interface Section {
  readonly name: string;
  /** Keys lower-cased: Fluent Bit reads them case-insensitively. */
  readonly entries: Map<string, string>;
}

/** Fluent Bit's classic format: `[SECTION]` headers, then indented `key value` lines. */
function parseClassicConfig(text: string): Section[] {
  const sections: Section[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[([A-Z_]+)\]$/.exec(line);
    if (header) {
      sections.push({ name: header[1], entries: new Map() });
      continue;
    }
    const entry = /^(\S+)\s+(.+)$/.exec(line);
    const current = sections[sections.length - 1];
    if (!entry || !current) throw new Error(`line ${index + 1} is neither a section nor a "key value" entry: ${raw}`);
    current.entries.set(entry[1].toLowerCase(), entry[2].trim());
  }
  return sections;
}

function sectionsNamed(sections: Section[], kind: string, plugin: string): Section[] {
  return sections.filter((s) => s.name === kind && s.entries.get('name') === plugin);
}

/** Fluent Bit's `Match` patterns: `*` is the only wildcard. */
function matches(pattern: string, tag: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(tag);
}

const FALSE = /^(false|off|no)$/i;

// The settings are checked on the file rendered for the default environment, with the values
// the spec gives: the group of S3 (`/aws/eks/<cluster>/containers`) and the default region.
const LOG_GROUP = '/aws/eks/fintech-eks-dev/containers';
const REGION = 'ap-southeast-1';
// Rendered inside the tests (lazily): rendered while the file loads, the file would be rendered
// once, before any mutant of lib/observability is switched on, for every mutant of a mutation run.
const rendered = lazily(() => loadFluentBitConfig({ logGroupName: LOG_GROUP, region: REGION }));
const sections = lazily(() => parseClassicConfig(rendered().text));

describe('the Fluent Bit configuration file in the repository', () => {
  const output = () => sectionsNamed(sections(), 'OUTPUT', 'cloudwatch_logs')[0];
  const input = () => sectionsNamed(sections(), 'INPUT', 'tail')[0];

  test('parses as classic-mode sections, every placeholder filled', () => {
    expect(sections().map((s) => s.name)).toEqual(expect.arrayContaining(['SERVICE', 'INPUT', 'FILTER', 'OUTPUT']));
    expect(rendered().text).not.toMatch(/\{\{/);
  });

  test('has one output, CloudWatch Logs, to the container log group in the stack region', () => {
    expect(sections().filter((s) => s.name === 'OUTPUT')).toHaveLength(1);
    expect(output().entries.get('log_group_name')).toBe(LOG_GROUP);
    expect(output().entries.get('region')).toBe(REGION);
  });

  test('never creates a log group (S3: the stack owns it)', () => {
    expect(output().entries.get('auto_create_group')).toMatch(FALSE);
    expect(output().entries.has('log_group_template')).toBe(false);
  });

  test('tails the container logs of the node', () => {
    expect(input().entries.get('path')).toBe('/var/log/containers/*.log');
    expect(matches(output().entries.get('match')!, `${input().entries.get('tag')!.replace('*', '')}var.log.containers.app.log`)).toBe(true);
  });

  test('adds Kubernetes metadata to the records it ships', () => {
    const [kubernetes] = sectionsNamed(sections(), 'FILTER', 'kubernetes');
    expect(kubernetes).toBeDefined();
    const sample = `${input().entries.get('tag')!.replace('*', '')}var.log.containers.app.log`;
    expect(matches(kubernetes.entries.get('match')!, sample)).toBe(true);
  });

  test('no pod can hide its own logs or choose their parser through annotations (README: log exclusion off)', () => {
    const [kubernetes] = sectionsNamed(sections(), 'FILTER', 'kubernetes');
    // Stated explicitly, so that the file says it and a later edit has to change this line.
    expect(kubernetes.entries.get('k8s-logging.exclude')).toMatch(FALSE);
    expect(kubernetes.entries.get('k8s-logging.parser')).toMatch(FALSE);
    // And no other filter drops records (a grep filter with Exclude would hide lines just the same).
    expect(
      sections()
        .filter((s) => s.name === 'FILTER')
        .map((s) => s.entries.get('name')),
    ).toEqual(['kubernetes']);
  });

  test('buffers on disk with a size cap and gives up after a finite number of retries', () => {
    expect(input().entries.get('storage.type')).toBe('filesystem');
    expect(
      sections()
        .find((s) => s.name === 'SERVICE')!
        .entries.get('storage.path'),
    ).toMatch(/^\/var\/fluent-bit\/state\//);
    expect(output().entries.get('storage.total_limit_size')).toMatch(/^\d+[KMG]$/);
    const retries = output().entries.get('retry_limit');
    expect(retries).toMatch(/^\d+$/);
    expect(Number(retries)).toBeGreaterThan(0);
  });

  test('serves the health endpoint the liveness probe reads', () => {
    const service = sections().find((s) => s.name === 'SERVICE')!;
    expect(service.entries.get('http_server')).toMatch(/^on$/i);
    expect(service.entries.get('health_check')).toMatch(/^on$/i);
    expect(service.entries.get('http_port')).toBe('2020');
  });
});

describe('rendering the configuration', () => {
  const template = readFileSync(FLUENT_BIT_CONFIG_FILE, 'utf8');

  test('leaves run-time variables for Fluent Bit to resolve', () => {
    expect(template).toContain('${HOST_NAME}');
    expect(rendered().text).toContain('${HOST_NAME}');
  });

  test('a changed file gives a different hash (this is what rolls the DaemonSet)', () => {
    const edited = renderFluentBitConfig(template.replace(/Retry_Limit\s+\d+/, 'Retry_Limit 7'), {
      logGroupName: LOG_GROUP,
      region: REGION,
    });
    expect(edited.text).not.toBe(rendered().text);
    expect(edited.sha256).not.toBe(rendered().sha256);
    expect(renderFluentBitConfig(template, { logGroupName: LOG_GROUP, region: REGION }).sha256).toBe(rendered().sha256);
  });

  test('refuses an unknown placeholder, naming it', () => {
    expect(() => renderFluentBitConfig('log_group_name {{LOG_GROUP}}', { logGroupName: LOG_GROUP, region: REGION })).toThrow(
      /unknown placeholder \{\{LOG_GROUP\}\}/,
    );
  });

  test('refuses a token, whose hash could not be known at synth', () => {
    expect(() => renderFluentBitConfig(template, { logGroupName: Token.asString({ Ref: 'Group' }), region: REGION })).toThrow(
      /literal string/,
    );
  });

  test('fills a placeholder written with spaces inside its braces', () => {
    expect(
      renderFluentBitConfig('region {{ AWS_REGION }}\nlog_group_name {{LOG_GROUP_NAME  }}', { logGroupName: LOG_GROUP, region: REGION })
        .text,
    ).toBe(`region ${REGION}\nlog_group_name ${LOG_GROUP}`);
  });

  test('an unknown placeholder is refused with the list of the known ones', () => {
    expect(() => renderFluentBitConfig('{{ CLUSTER }}', { logGroupName: LOG_GROUP, region: REGION })).toThrow(
      'Fluent Bit configuration has an unknown placeholder {{ CLUSTER }}; known: LOG_GROUP_NAME, AWS_REGION',
    );
  });

  test('accepts a configuration of exactly 4096 bytes, the most a standard SSM parameter holds', () => {
    const text = `# ${'x'.repeat(4094)}`;
    expect(Buffer.byteLength(text)).toBe(4096);
    expect(renderFluentBitConfig(text, { logGroupName: LOG_GROUP, region: REGION }).text).toBe(text);
  });

  test('writes the rendered file into a directory of its own, named by its hash', () => {
    const file = fluentBitConfigFile(rendered());
    expect(file).toBe(join(tmpdir(), 'fintech-eks-fluent-bit-config', rendered().sha256, 'fluent-bit.conf'));
    expect(readFileSync(file, 'utf8')).toBe(rendered().text);
  });

  test('refuses a configuration larger than a standard SSM parameter', () => {
    expect(() => renderFluentBitConfig(`# ${'x'.repeat(4096)}`, { logGroupName: LOG_GROUP, region: REGION })).toThrow(/4096/);
  });
});
