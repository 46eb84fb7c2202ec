import { parseArgs, ParseArgsConfig } from 'node:util';

/**
 * How every command of scripts/ ends: with the status its main function returns or resolves to
 * (none means 0); or, when main throws or rejects (AccessDenied from AWS, no network, a file that
 * cannot be read), with one line naming the command and the error, and exit code 1, instead of
 * a stack trace. Callers run it only as the entry point: `if (require.main === module)`, or
 * through runAsScript.
 */
export function runMain(command: string, main: () => number | void | Promise<number | void>): Promise<void> {
  return Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code ?? 0;
      },
      (error: unknown) => {
        const named = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
        console.error(`${command} failed: ${named}${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      },
    );
}

/**
 * A script's entry line: `runAsScript(module, 'npm run x', main)` runs `main` with the command
 * line's arguments, as runMain does, when the script is the module Node started, and does nothing
 * when a test imports it. Unlike an `if (require.main === module)` block, every part of the line
 * is evaluated on import, so the tests that import a script reach (and mutation testing sees) what
 * its tests that start it check. `mainModule` and `argv` are the process's; a test gives its own.
 */
export function runAsScript(
  entry: NodeModule,
  command: string,
  main: (args: string[]) => number | void | Promise<number | void>,
  mainModule: NodeModule | undefined = require.main,
  argv: readonly string[] = process.argv,
): void {
  if (mainModule === entry) void runMain(command, () => main(argv.slice(2)));
}

/**
 * A command's arguments, read by util.parseArgs; a mistake throws one line (Node's message,
 * which may span several) followed by the command's usage.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new Error(`${(error as Error).message.replace(/\s*\n\s*/g, ' ')}; ${usage}`, { cause: error });
  }
}
