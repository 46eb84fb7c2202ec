import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flattenOutputs, flattenOutputsFile, outputsFiles } from '../../scripts/flatten-outputs';

const dir = mkdtempSync(join(tmpdir(), 'flatten-outputs-'));

// The shape `cdk deploy --outputs-file` writes: stack name -> output key -> value.
const platform = { ClusterName: 'fintech-eks-pr42', VpcId: 'vpc-0123456789abcdef0' };
const other = { BucketName: 'pr42-artifacts' };

describe('where the outputs files are', () => {
  const repository = join(__dirname, '..', '..');

  test("the repository's cfn-outputs/ unless CFN_OUTPUTS_DIR names another directory", () => {
    const inRepository = {
      raw: join(repository, 'cfn-outputs', 'cdk-outputs.json'),
      flat: join(repository, 'cfn-outputs', 'flat-outputs.json'),
    };
    expect(outputsFiles({})).toEqual(inRepository);
    expect(outputsFiles({ CFN_OUTPUTS_DIR: '' })).toEqual(inRepository);
    expect(outputsFiles({ CFN_OUTPUTS_DIR: '/srv/outputs/pr42' })).toEqual({
      raw: '/srv/outputs/pr42/cdk-outputs.json',
      flat: '/srv/outputs/pr42/flat-outputs.json',
    });
  });

  test('a relative CFN_OUTPUTS_DIR starts where the command runs (the repository root under npm run)', () => {
    expect(outputsFiles({ CFN_OUTPUTS_DIR: 'out/pr42' }).flat).toBe(join(process.cwd(), 'out', 'pr42', 'flat-outputs.json'));
  });
});

describe('flattening the outputs of cdk deploy', () => {
  test('one stack: its outputs, keyed by output key alone', () => {
    expect(flattenOutputs({ 'FintechEksPlatform-pr42': platform }, 'f.json')).toEqual(platform);
  });

  test('several stacks: all their outputs in one object', () => {
    expect(flattenOutputs({ 'FintechEksPlatform-pr42': platform, Artifacts: other }, 'f.json')).toEqual({ ...platform, ...other });
  });

  test('several stacks and a stack name: only that stack, or an error listing the stacks there are', () => {
    const raw = { 'FintechEksPlatform-pr42': platform, Artifacts: other };
    expect(flattenOutputs(raw, 'f.json', 'Artifacts')).toEqual(other);
    expect(() => flattenOutputs(raw, 'f.json', 'FintechEksPlatform-pr7')).toThrow(
      'f.json has no outputs for stack FintechEksPlatform-pr7; it holds: FintechEksPlatform-pr42, Artifacts',
    );
  });

  test('a key two stacks give different values is refused, naming both', () => {
    expect(() => flattenOutputs({ A: { VpcId: 'vpc-1' }, B: { VpcId: 'vpc-2' } }, 'f.json')).toThrow(
      'f.json: output VpcId is "vpc-1" in stack A but "vpc-2" in stack B; name the stack to flatten',
    );
    expect(flattenOutputs({ A: { VpcId: 'vpc-1' }, B: { VpcId: 'vpc-1' } }, 'f.json')).toEqual({ VpcId: 'vpc-1' });
  });

  test('shapes cdk never writes are refused with what was found', () => {
    expect(() => flattenOutputs({}, 'f.json')).toThrow('f.json holds no stacks; did cdk deploy finish?');
    expect(() => flattenOutputs([platform], 'f.json')).toThrow('found an array');
    expect(() => flattenOutputs({ A: 'x' }, 'f.json')).toThrow(
      'the outputs of stack A must be an object of output key to value; found a string',
    );
    expect(() => flattenOutputs({ A: { Count: 3 } }, 'f.json')).toThrow('output Count of stack A must be a string; found a number');
  });

  test('the file step writes the flat JSON and names a missing, empty or broken input file', () => {
    const raw = join(dir, 'cdk-outputs.json');
    const flat = join(dir, 'out', 'flat-outputs.json');
    writeFileSync(raw, JSON.stringify({ 'FintechEksPlatform-pr42': platform }));
    flattenOutputsFile(raw, flat, 'FintechEksPlatform-pr42');
    expect(JSON.parse(readFileSync(flat, 'utf8'))).toEqual(platform);

    expect(() => flattenOutputsFile(join(dir, 'absent.json'), flat)).toThrow(
      /absent\.json does not exist; cdk deploy --outputs-file writes it/,
    );
    writeFileSync(raw, '  \n');
    expect(() => flattenOutputsFile(raw, flat)).toThrow(/cdk-outputs\.json is empty/);
    writeFileSync(raw, '{"FintechEksPlatform-pr42": {');
    expect(() => flattenOutputsFile(raw, flat)).toThrow(/cdk-outputs\.json is not valid JSON/);
  });
});
