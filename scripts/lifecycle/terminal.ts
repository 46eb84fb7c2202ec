import { createInterface } from 'node:readline/promises';

/** Where a question is asked: the environment it runs in, and the streams a person types into and reads. */
export interface Terminal {
  readonly env: NodeJS.ProcessEnv;
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly output: NodeJS.WritableStream & { readonly isTTY?: boolean };
}

const PROCESS_TERMINAL: Terminal = { env: process.env, input: process.stdin, output: process.stdout };

/**
 * A yes/no question to the person at the terminal, or undefined where nobody can answer: no
 * terminal on either side, or CI (`CI` set, as GitHub Actions and most CI services set it).
 */
export function terminalConfirm({ env, input, output }: Terminal = PROCESS_TERMINAL): ((question: string) => Promise<boolean>) | undefined {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false';
  if (ci || !input.isTTY || !output.isTTY) return undefined;
  return async (question) => {
    const prompt = createInterface({ input, output });
    try {
      return /^y(es)?$/i.test((await prompt.question(question)).trim());
    } finally {
      prompt.close();
    }
  };
}
