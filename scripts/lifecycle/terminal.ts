import { createInterface } from 'node:readline/promises';

/**
 * A yes/no question to the person at the terminal, or undefined where nobody can answer: no
 * terminal on either side, or CI (`CI` set, as GitHub Actions and most CI services set it).
 */
export function terminalConfirm(): ((question: string) => Promise<boolean>) | undefined {
  const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  if (ci || !process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question) => {
    const terminal = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return /^y(es)?$/i.test((await terminal.question(question)).trim());
    } finally {
      terminal.close();
    }
  };
}
