// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

/**
 * Dependencies run one way: configuration imports the constructs' types, never the reverse.
 * Only lib/config/ itself and the composition roots (the stack, and lib/build-platform.ts which
 * loads the configuration for the app) may read lib/config/; a construct gets what it needs as
 * props it declares.
 */
const configBoundary = [0, 1, 2, 3].map((depth) => ({
  files: [`lib/${'*/'.repeat(depth)}*.ts`],
  ignores: ['lib/config/**', 'lib/platform-stack.ts', 'lib/build-platform.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            // The relative path that reaches lib/config/ from this depth.
            regex: `^${depth === 0 ? '\\./' : '(\\.\\./)'.repeat(depth)}config(/|$)`,
            message: 'Constructs declare their own prop types; only lib/config/ and the stack import lib/config/.',
          },
        ],
      },
    ],
  },
}));

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'test/integration/support/**/go/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
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
    },
  },
  {
    // Tests, the cost walk and the JSON Schema export read or build untyped JSON by nature.
    files: ['test/**/*.ts', 'scripts/cost/**/*.ts', 'tools/config-schema.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...configBoundary,
);
