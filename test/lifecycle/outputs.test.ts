import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployStack } from '../../scripts/lifecycle/deploy';
import { destroyCommand, removeOutputsOf } from '../../scripts/lifecycle/destroy';
import { StandInAccount } from './support/stand-in-account';

/** Outputs files in a fresh directory, the raw one holding `raw` (absent when undefined), the flat one unless `flat` is false. */
function outputsFiles(raw: string | undefined, flat = true): { raw: string; flat: string } {
  const directory = mkdtempSync(join(tmpdir(), 'outputs-'));
  const files = { raw: join(directory, 'cdk-outputs.json'), flat: join(directory, 'flat-outputs.json') };
  if (raw !== undefined) writeFileSync(files.raw, raw);
  if (flat) writeFileSync(files.flat, '{"ClusterName":"x"}');
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

  test('outputs of the destroyed stack that were never flattened (the deploy failed to): the raw file is removed', () => {
    const files = outputsFiles(JSON.stringify({ 'FintechEksPlatform-pr-7': { ClusterName: 'x' } }), false);
    removeOutputsOf('FintechEksPlatform-pr-7', () => undefined, files);
    expect(existsSync(files.raw)).toBe(false);
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

describe('npm run destroy: the outputs files of the environment it destroys', () => {
  const ARGS = ['-c', 'environmentSuffix=pr-7', '-c', 'platformProfile=ephemeral'];

  async function deployed(destroyStatus?: number) {
    const account = new StandInAccount();
    const lines: string[] = [];
    const deps = account.commandDeps(lines);
    expect(await deployStack(ARGS, deps)).toBe(0);
    const files = outputsFiles(JSON.stringify({ 'FintechEksPlatform-pr-7': { ClusterName: 'fintech-eks-pr-7' } }));
    const runCdk = (args: readonly string[]) =>
      args[0] === 'destroy' && destroyStatus !== undefined ? destroyStatus : account.runCdk(args);
    return { deps: { ...deps, runCdk, outputs: files }, lines, files };
  }

  test('once the stack is destroyed, its outputs are removed, saying so', async () => {
    const { deps, lines, files } = await deployed();
    expect(await destroyCommand(ARGS, deps)).toBe(0);
    expect([existsSync(files.raw), existsSync(files.flat)]).toEqual([false, false]);
    expect(lines).toContain(`removed ${files.flat} (outputs of FintechEksPlatform-pr-7)`);
  });

  test('a destroy that fails keeps them: the environment is still there to test', async () => {
    const { deps, files } = await deployed(1);
    expect(await destroyCommand(ARGS, deps)).toBe(1);
    expect([existsSync(files.raw), existsSync(files.flat)]).toEqual([true, true]);
  });
});
