import { runMain } from '../../scripts/run-main';

describe('a script entry point', () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
    jest.restoreAllMocks();
  });

  test('exits with the status its main resolves to', async () => {
    await runMain('npm run x', async () => 3);
    expect(process.exitCode).toBe(3);
  });

  test('a rejection is one line naming the command and the error, and exit code 1', async () => {
    const printed: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void printed.push(line));
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
});
