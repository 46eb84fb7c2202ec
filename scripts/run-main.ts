/**
 * Runs a script's asynchronous entry point: the status it resolves to becomes the exit code. A
 * rejection (AccessDenied from AWS, no network, a file that cannot be read) is printed as one
 * line naming the command and the error, with exit code 1, instead of an unhandled rejection's
 * stack trace.
 */
export function runMain(command: string, main: () => Promise<number>): Promise<void> {
  return main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const named = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
      console.error(`${command} failed: ${named}${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
