import { PassThrough } from 'node:stream';
import { Terminal, terminalConfirm } from '../../scripts/lifecycle/terminal';

/**
 * --purge asks before it deletes, and only where a person can answer: a terminal on both sides,
 * and not CI. Against in-memory streams standing in for the terminal.
 */
function terminal(options: { env?: NodeJS.ProcessEnv; inputIsTTY?: boolean; outputIsTTY?: boolean } = {}) {
  const input = Object.assign(new PassThrough(), { isTTY: options.inputIsTTY ?? true });
  const output = Object.assign(new PassThrough(), { isTTY: options.outputIsTTY ?? true });
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  const streams: Terminal = { env: options.env ?? {}, input, output };
  return { streams, input, shown: () => shown };
}

describe('who can be asked', () => {
  test.each([
    ['CI not set', {}],
    ['CI empty', { CI: '' }],
    ['CI=false', { CI: 'false' }],
  ])('a terminal on both sides, %s: a person is asked', (_case, env) => {
    expect(terminalConfirm(terminal({ env }).streams)).toBeInstanceOf(Function);
  });

  test.each([
    ['CI=true', { env: { CI: 'true' } }],
    ['CI=1', { env: { CI: '1' } }],
    ['input not a terminal (piped)', { inputIsTTY: false }],
    ['output not a terminal (redirected)', { outputIsTTY: false }],
  ])('%s: nobody can answer', (_case, options) => {
    expect(terminalConfirm(terminal(options).streams)).toBeUndefined();
  });
});

describe('the answer', () => {
  async function answer(typed: string) {
    const at = terminal();
    const confirm = terminalConfirm(at.streams)!;
    const answered = confirm('Delete 2 log group(s)? [y/N] ');
    at.input.write(`${typed}\n`);
    return { confirmed: await answered, shown: at.shown(), inputPaused: at.input.isPaused() };
  }

  test.each(['y', 'yes', 'Y', 'YES', '  yes  '])('%j is yes', async (typed) => {
    expect((await answer(typed)).confirmed).toBe(true);
  });

  test.each(['', 'n', 'no', 'ye', 'yeah', 'yes please', 'oh yes'])('%j is no', async (typed) => {
    expect((await answer(typed)).confirmed).toBe(false);
  });

  test('the question is shown, and the terminal is let go once answered, so the command can end', async () => {
    const { shown, inputPaused } = await answer('n');
    expect(shown).toContain('Delete 2 log group(s)? [y/N] ');
    expect(inputPaused).toBe(true);
  });
});
