import { parseArgs, ParseArgsConfig } from 'node:util';

/**
 * How every command of scripts/ ends: with the status its main function returns or resolves to
 * (none means 0); or, when main throws or rejects (AccessDenied from AWS, no network, a file that
 * cannot be read), with one line naming the command and the error, and exit code 1, instead of
 * a stack trace. Callers run it only as the entry point: `if (require.main === module)`.
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
