import { loadConfig } from '../../lib/config/load';
import type { EnvironmentAws } from '../../scripts/lifecycle/leftovers';
import { purgeLogGroups, PurgeOptions } from '../../scripts/lifecycle/purge';
import { lazily } from '../support/synth';

/**
 * purgeLogGroups on its own: what it deletes, what it refuses, what it answers and what it says,
 * with the stack's status scripted call by call (the account stand-in of lifecycle.test.ts
 * drives it through destroy; these pin each branch).
 */
// Loaded inside the tests (lazily): loaded while the file loads, the configuration would be
// loaded once, before any mutant of lib/config is switched on, for every mutant of a mutation run.
const config = lazily(() => loadConfig({ environmentSuffix: 'pr-7' }, () => ''));
const stackName = () => config().names.stack;
const GROUPS = ['/aws/eks/fintech-eks-pr-7/cluster', '/aws/vpc/fintech-eks-pr-7/flow-logs'];

function run(options: Partial<PurgeOptions>, statuses: (string | undefined)[] = []) {
  const deleted: string[] = [];
  const asked: string[] = [];
  const log: string[] = [];
  const error: string[] = [];
  const aws = {
    stackStatus: (name: string) => {
      expect(name).toBe(stackName());
      return Promise.resolve(statuses.shift());
    },
    deleteLogGroup: (name: string) => {
      deleted.push(name);
      return Promise.resolve();
    },
  } as Partial<EnvironmentAws> as EnvironmentAws;
  const result = purgeLogGroups(aws, config(), GROUPS, {
    purge: false,
    yes: false,
    log: (line) => log.push(line),
    error: (line) => error.push(line),
    ...options,
    ...(options.confirm && {
      confirm: (question: string) => {
        asked.push(question);
        return options.confirm!(question);
      },
    }),
  });
  return result.then((ok) => ({ ok, deleted, asked, log, error }));
}

test('without --purge: refused, naming the groups and the flag, without asking, nothing deleted', async () => {
  const outcome = await run({ confirm: () => Promise.resolve(true) });
  expect(outcome.ok).toBe(false);
  expect(outcome.deleted).toEqual([]);
  expect(outcome.asked).toEqual([]);
  expect(outcome.error).toHaveLength(1);
  expect(outcome.error[0]).toContain(`${stackName()} does not exist`);
  for (const group of GROUPS) expect(outcome.error[0]).toContain(group);
  expect(outcome.error[0]).toContain('--purge deletes them');
  expect(outcome.error[0]).toMatch(/nothing was deleted$/);
});

test('--purge where nobody can answer: refused, asking for --yes, nothing deleted', async () => {
  const outcome = await run({ purge: true });
  expect(outcome).toMatchObject({ ok: false, deleted: [] });
  expect(outcome.error).toEqual([
    '--purge asks before it deletes, and nobody can answer here (CI, no terminal): add --yes; nothing was deleted',
  ]);
});

test('--purge names the groups first, then asks with their number and names; "no" deletes nothing', async () => {
  const outcome = await run({ purge: true, confirm: () => Promise.resolve(false) });
  expect(outcome.log).toEqual([`--purge: ${stackName()} does not exist; its log groups written after it was gone: ${GROUPS.join(', ')}`]);
  expect(outcome.asked).toEqual([`Delete 2 log group(s) of ${stackName()}: ${GROUPS.join(', ')}? [y/N] `]);
  expect(outcome).toMatchObject({ ok: false, deleted: [], error: ['not confirmed; nothing was deleted'] });
});

test('--purge confirmed: deletes each group, saying so, and succeeds', async () => {
  const outcome = await run({ purge: true, confirm: () => Promise.resolve(true) });
  expect(outcome.ok).toBe(true);
  expect(outcome.deleted).toEqual(GROUPS);
  expect(outcome.log.slice(1)).toEqual(GROUPS.map((group) => `deleted log group ${group}`));
  expect(outcome.error).toEqual([]);
});

test('--purge --yes deletes without asking', async () => {
  const outcome = await run({ purge: true, yes: true, confirm: () => Promise.resolve(false) });
  expect(outcome).toMatchObject({ ok: true, deleted: GROUPS, asked: [] });
});

test('a stack that reappears between two deletions stops the purge, naming what was not deleted', async () => {
  const outcome = await run({ purge: true, yes: true }, [undefined, 'CREATE_IN_PROGRESS']);
  expect(outcome.ok).toBe(false);
  expect(outcome.deleted).toEqual([GROUPS[0]]);
  expect(outcome.error).toEqual([
    `${stackName()} exists again (a deploy started meanwhile): stopped; ${GROUPS[1]} and what follows were not deleted`,
  ]);
});

test('nothing to purge: succeeds without a word or a call', async () => {
  const aws = {} as EnvironmentAws;
  const said: string[] = [];
  const options = { purge: false, yes: false, log: (l: string) => said.push(l), error: (l: string) => said.push(l) };
  await expect(purgeLogGroups(aws, config(), [], options)).resolves.toBe(true);
  expect(said).toEqual([]);
});
