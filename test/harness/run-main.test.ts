import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine, runAsScript, runMain } from '../../scripts/run-main';
import { runScript } from '../support/script';

describe('a script entry point', () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
    jest.restoreAllMocks();
  });

  const printedErrors = () => {
    const printed: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void printed.push(line));
    return printed;
  };

  test('exits with the status its main returns or resolves to; 0 when it returns nothing', async () => {
    await runMain('npm run x', async () => 3);
    expect(process.exitCode).toBe(3);
    await runMain('npm run x', () => 2);
    expect(process.exitCode).toBe(2);
    await runMain('npm run x', () => undefined);
    expect(process.exitCode).toBe(0);
  });

  test('a rejection is one line naming the command and the error, and exit code 1', async () => {
    const printed = printedErrors();
    const denied = Object.assign(
      new Error('User: arn:aws:sts::123456789012:assumed-role/ci/1 is not authorized to perform: logs:DeleteLogGroup'),
      {
        name: 'AccessDeniedException',
      },
    );
    await runMain('npm run destroy', async () => {
      throw denied;
    });
    expect(printed).toEqual([`npm run destroy failed: AccessDeniedException: ${denied.message}`]);
    expect(process.exitCode).toBe(1);
  });

  test('a synchronous throw, or a rejection with something other than an Error, too', async () => {
    const printed = printedErrors();
    await runMain('npm run synth', () => {
      throw new Error('cdk.out/manifest.json cannot be read');
    });
    // A dependency may reject with something other than an Error; the command still says what it was.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    await runMain('npm run cost', () => Promise.reject('not an Error'));
    expect(printed).toEqual(['npm run synth failed: cdk.out/manifest.json cannot be read', 'npm run cost failed: not an Error']);
    expect(process.exitCode).toBe(1);
  });

  test('runAsScript runs main with the arguments after node and the script, only for the module Node started', async () => {
    const script = { id: 'script' } as NodeModule;
    const calls: string[][] = [];
    const main = (args: string[]) => {
      calls.push(args);
      return 4;
    };
    runAsScript(script, 'npm run x', main, { id: 'another' } as NodeModule, ['node', 'x.ts', '-c', 'a=b']);
    runAsScript(script, 'npm run x', main, undefined, ['node', 'x.ts']);
    expect(calls).toEqual([]);

    runAsScript(script, 'npm run x', main, script, ['node', 'x.ts', '-c', 'a=b']);
    await new Promise(setImmediate);
    expect(calls).toEqual([['-c', 'a=b']]);
    expect(process.exitCode).toBe(4);
  });

  test('an entry point that fails (the synth summary without an assembly) prints one line, not a stack trace', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-assembly-'));
    const result = runScript('scripts/synth-summary.ts', [], { ...process.env, CDK_OUTDIR: empty });
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 1,
      stderr: `npm run synth failed: ENOENT: no such file or directory, open '${join(empty, 'manifest.json')}'\n`,
    });
  }, 30_000);
});

describe("a command's arguments (parseCommandLine)", () => {
  const options = { name: { type: 'string' }, all: { type: 'boolean' } } as const;
  const usage = 'usage: npm run x -- [--name <name>] [--all]';

  test('are read as util.parseArgs reads them', () => {
    expect(parseCommandLine({ args: ['--name', 'pr42', '--all'], options }, usage).values).toEqual({ name: 'pr42', all: true });
  });

  test("a mistake is one line: Node's message, its lines joined, then the usage; Node's error is its cause", () => {
    let thrown: unknown;
    try {
      parseCommandLine({ args: ['--name', '--all'], options }, usage);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toBe(
      "Option '--name' argument is ambiguous. Did you forget to specify the option argument for '--name'? " +
        "To specify an option argument starting with a dash use '--name=-XYZ'.; usage: npm run x -- [--name <name>] [--all]",
    );
    expect((thrown as Error).cause).toMatchObject({ code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  });
});
