import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * docs/reference/requirements.md defines every requirement id (R1-R12 from the brief, S1-S10 from
 * the review, O1-O11 from operations) in one table, and neither the docs nor the code name an id
 * the table lacks.
 */
const ROOT = join(__dirname, '..', '..');
const DEFINITIONS = readFileSync(join(ROOT, 'docs', 'reference', 'requirements.md'), 'utf8');

/** The ids of the specification (REQUIREMENTS.md), written out. */
const SPECIFIED = [
  ...['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11', 'R12'],
  ...['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10'],
  ...['O1', 'O2', 'O3', 'O4', 'O5', 'O6', 'O7', 'O8', 'O9', 'O10', 'O11'],
];

/** A requirement id: one capital letter and a number (`R1`, `S10`, `O4`). */
const ID = /\b[A-Z]\d{1,2}\b/g;

/** Names of the same shape that are not requirements: cdk-nag rules (`AwsSolutions-L1`, the NIST 800-53 R5 pack), CDK construct levels. */
const NOT_REQUIREMENTS = /AwsSolutions-[A-Z]\d{1,2}\b|NIST\.800\.53\.R5|\bL[1-3]\b/g;

function idTable(text: string): Map<string, string> {
  const match = /<!-- requirement-ids:start -->\n([\s\S]*?)<!-- requirement-ids:end -->/.exec(text);
  if (!match)
    throw new Error('requirements.md has no requirement-ids table (<!-- requirement-ids:start --> ... <!-- requirement-ids:end -->)');
  const rows = match[1]
    .trim()
    .split('\n')
    .slice(2)
    .map((row) => row.split('|').map((cell) => cell.trim()));
  const table = new Map<string, string>();
  for (const [, id, meaning] of rows) {
    if (table.has(id)) throw new Error(`requirement id ${id} is defined twice`);
    table.set(id, meaning);
  }
  return table;
}

function idsIn(text: string): Set<string> {
  return new Set(text.replace(NOT_REQUIREMENTS, '').match(ID) ?? []);
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, pattern);
    return pattern.test(entry.name) ? [path] : [];
  });
}

const table = idTable(DEFINITIONS);

function undefinedIdsIn(files: string[]): string[] {
  return files.flatMap((file) =>
    [...idsIn(readFileSync(file, 'utf8'))].filter((id) => !table.has(id)).map((id) => `${relative(ROOT, file)}: ${id}`),
  );
}

test('the table defines exactly the ids of the specification, each with a meaning', () => {
  expect([...table.keys()]).toEqual(SPECIFIED);
  for (const [id, meaning] of table) expect([id, meaning.length > 10]).toEqual([id, true]);
});

test('every requirement id the README and docs/ use is defined in the table', () => {
  expect(undefinedIdsIn([join(ROOT, 'README.md'), ...filesUnder(join(ROOT, 'docs'), /\.md$/)])).toEqual([]);
});

test('every requirement id the code names is defined in the table', () => {
  expect(undefinedIdsIn(filesUnder(join(ROOT, 'lib'), /\.(ts|js)$/))).toEqual([]);
});
