import { join } from 'node:path';
import { ESLint } from 'eslint';

/**
 * Dependencies run one way: lib/config/ imports the constructs' types, never the reverse.
 * The rule lives in eslint.config.cjs (run by `npm test`); these cases show it refuses what it
 * must and lets through what it must, at every depth of lib/.
 */
const root = join(__dirname, '..', '..');
// Jest cannot import an ES module config, so the test hands ESLint the project's config itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: require('../../eslint.config.cjs') });

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath: join(root, file) });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('only lib/config/ and the stack import lib/config/', () => {
  it.each([
    ['lib/cluster/new-construct.ts', "import { x } from '../config/schema';"],
    ['lib/observability/fluent-bit/new-construct.ts', "import { x } from '../../config/names';"],
    ['lib/shared/new-helper.ts', "import type { x } from '../config';"],
    ['lib/new-entry.ts', "import { x } from './config/load';"],
  ])('%s importing lib/config/ is refused', async (file, source) => {
    expect(await restrictedImports(file, source)).toEqual([expect.stringContaining('only lib/config/ and the stack import lib/config/')]);
  });

  it.each([
    ['lib/platform-stack.ts', "import { x } from './config/load';"],
    ['lib/build-platform.ts', "import { x } from './config/load';"],
    ['lib/config/schema.ts', "import { x } from '../shared/pod-security-labels';"],
    // A module of the construct's own that happens to be called config is not lib/config/.
    ['lib/observability/fluent-bit/fluent-bit.ts', "import { x } from './config';"],
    ['lib/observability/index.ts', "import { x } from './fluent-bit/config';"],
  ])('%s: %s is allowed', async (file, source) => {
    expect(await restrictedImports(file, source)).toEqual([]);
  });
});
