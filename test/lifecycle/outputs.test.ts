import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeOutputsOf } from '../../scripts/lifecycle/destroy';

/** Outputs files in a fresh directory, the raw one holding `raw` (absent when undefined). */
function outputsFiles(raw: string | undefined): { raw: string; flat: string } {
  const directory = mkdtempSync(join(tmpdir(), 'outputs-'));
  const files = { raw: join(directory, 'cdk-outputs.json'), flat: join(directory, 'flat-outputs.json') };
  if (raw !== undefined) writeFileSync(files.raw, raw);
  writeFileSync(files.flat, '{"ClusterName":"x"}');
  return files;
}

describe('after destroy, the outputs files go only when they are the destroyed stack’s', () => {
  test('outputs of the destroyed stack are removed, both files, and it says so', () => {
    const files = outputsFiles(JSON.stringify({ 'FintechEksPlatform-pr-7': { ClusterName: 'x' } }));
    const said: string[] = [];
    removeOutputsOf('FintechEksPlatform-pr-7', (line) => said.push(line), files);
    expect([existsSync(files.raw), existsSync(files.flat)]).toEqual([false, false]);
    expect(said).toEqual([`removed ${files.flat} (outputs of FintechEksPlatform-pr-7)`]);
  });

  test.each([
    ['another environment’s outputs', JSON.stringify({ 'FintechEksPlatform-prod': { ClusterName: 'x' } })],
    ['a file that is not JSON', '{"FintechEksPlatform-pr-7":'],
    ['no outputs file of CDK at all', undefined],
  ])('%s: the files stay, and nothing is said', (_case, raw) => {
    const files = outputsFiles(raw);
    const said: string[] = [];
    removeOutputsOf('FintechEksPlatform-pr-7', (line) => said.push(line), files);
    expect(existsSync(files.flat)).toBe(true);
    expect(existsSync(files.raw)).toBe(raw !== undefined);
    expect(said).toEqual([]);
  });
});
