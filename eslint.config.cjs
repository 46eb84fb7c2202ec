// @ts-check
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const importX = require('eslint-plugin-import-x');

/**
 * The layout rule, as zones of import-x/no-restricted-paths (paths relative to this file).
 *
 * - The whiteboard rule: a construct folder under lib/ imports only itself, lib/shared/ and
 *   lib/compliance/. Concerns meet in the composition roots (lib/platform-stack.ts and
 *   lib/build-platform.ts, which wire them as the architecture diagram does) and in lib/config/,
 *   which imports the constructs' own prop types to validate settings against them. A construct
 *   gets what it needs as props it declares, never by reaching into another concern.
 * - Configuration at the edge: nothing under lib/ but lib/config/ and the composition roots
 *   imports lib/config/.
 * - Layers: lib/ (the app) imports neither scripts/ (the commands users run against their
 *   environment) nor tools/ (what developing this repository needs), so data both need lives under
 *   lib/; scripts/ does not import tools/. Nothing outside test/ imports from test/: tests depend
 *   on the code, never the reverse.
 *
 * The folders are read from lib/ itself, so a new concern is covered the day it is created.
 */
const ROOT = __dirname;
const libEntries = readdirSync(join(ROOT, 'lib'), { withFileTypes: true });
const compositionRoots = ['lib/platform-stack.ts', 'lib/build-platform.ts'];
/** Folders every construct may import. */
const sharedFolders = ['lib/shared', 'lib/compliance'];
/** Not a construct: it imports the constructs' types to validate settings (and only the roots import it). */
const configFolder = 'lib/config';
const libFolders = libEntries.filter((e) => e.isDirectory()).map((e) => `lib/${e.name}`);
const libRootModules = libEntries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => `lib/${e.name}`);
const constructFolders = libFolders.filter((folder) => folder !== configFolder);

const WHITEBOARD = 'A construct imports only its own folder, lib/shared/ and lib/compliance/; the stack wires concerns together.';
const CONFIG_AT_EDGE = 'Constructs declare their own prop types; only lib/config/ and the stack import lib/config/.';
const TESTS_LAST = 'Nothing outside test/ imports from test/.';
const LIB_FIRST = 'lib/ imports neither scripts/ nor tools/: what both need lives under lib/.';
const COMMANDS_APART = 'The commands of scripts/ do not import the developer tooling of tools/.';
/** Every file under lib/ carries this zone beside its own (a later rule setting replaces an earlier one). */
const libLayer = { from: ['scripts', 'tools'], message: LIB_FIRST };

/** No file under `files` (but `ignores`) imports from test/, nor from the zones' `from`. Each zone targets every file: `files` selects. */
const noImports = (files, zones, ignores = []) => ({
  files,
  ignores,
  rules: {
    'import-x/no-restricted-paths': [
      'error',
      { basePath: ROOT, zones: [...zones, { from: 'test', message: TESTS_LAST }].map((zone) => ({ target: '.', ...zone })) },
    ],
  },
});

/** The concerns (and lib/'s own modules) a construct folder may not import. */
const othersThan = (folder) =>
  [...libFolders, ...libRootModules].filter((f) => f !== folder && f !== configFolder && !sharedFolders.includes(f));

const layoutRule = [
  noImports(['**/*.ts'], [], ['test/**']),
  noImports(['scripts/**/*.ts'], [{ from: 'tools', message: COMMANDS_APART }]),
  // The composition roots and lib/config/; the construct folders and lib/'s other modules below.
  noImports(['lib/**/*.ts'], [libLayer]),
  // lib/'s own modules other than the composition roots (none today).
  noImports(['lib/*.ts'], [{ from: configFolder, message: CONFIG_AT_EDGE }, libLayer], compositionRoots),
  ...constructFolders.map((folder) =>
    noImports(
      [`${folder}/**/*.ts`],
      [{ from: othersThan(folder), message: WHITEBOARD }, { from: configFolder, message: CONFIG_AT_EDGE }, libLayer],
    ),
  ),
];

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'cdk.out/**',
      '.stryker-tmp/**',
      'reports/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'test/integration/support/**/go/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    // The one tsconfig.json program for every file rather than projectService: the same findings
    // for about a quarter less CPU and 40% less memory over this repository (36 s and 1.5 GB
    // against 47 s and 2.6 GB), and every linted file is in tsconfig.json.
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: ROOT } },
    plugins: { 'import-x': importX },
    settings: {
      // Resolves the TypeScript sources (a module the resolver cannot find is not checked by the zones; tsc fails on it).
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      // tsc's noUnusedLocals/noUnusedParameters already report these, with `_` meaning "on purpose".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Prettier wraps code at 140 but leaves long strings, template literals and comments whole: this
      // rule catches those. No exemption for strings or comments, since a long message splits as well
      // as code does; only a line holding a URL, which cannot be split, may be longer. The core rule is
      // deprecated in favour of @stylistic/max-len but still ships and works in ESLint 10, and saves a
      // dependency. Shell scripts, workflows and the JavaScript ESLint skips: test/structure/line-length.test.ts.
      'max-len': ['error', { code: 140, ignoreUrls: true }],
      // node:test's test() and describe() return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'suite', 'test', 'it', 'todo'] }] },
      ],
    },
  },
  {
    // Tests, the cost walk and the JSON Schema export read or build untyped JSON by nature.
    files: ['test/**/*.ts', 'scripts/cost/**/*.ts', 'tools/config-schema.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read synthesized templates, API responses and fixtures, which are untyped JSON: a test
    // that reads a wrong path fails its assertion, which is the check. The cost walk reads the
    // properties CloudFormation defines for each priced type, an absent one as undefined.
    files: ['test/**/*.ts', 'scripts/cost/priced-types.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // A fake of an async interface is an async function that has nothing to await.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  ...layoutRule,
);
