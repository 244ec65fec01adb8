import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**', '.build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'never eval' }],
    },
  },
  {
    // Plain-JS fixtures run by Node itself (the package test): Node globals, CommonJS allowed.
    files: ['**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // vitest's documented augmentation is an empty interface extending ours.
    files: ['matchers/types.ts'],
    rules: { '@typescript-eslint/no-empty-object-type': 'off' },
  },
  {
    // The core must know nothing vendor-specific: only drivers/index.ts may import a vendor.
    // The entries that put core and vendors together are the exceptions: the package's index, the
    // CLI, and the catalog scenario files are read against (callspec run and scenarios()).
    files: ['src/**/*.ts', 'matchers/**/*.ts'],
    ignores: ['src/index.ts', 'src/cli/**', 'src/scenario/platforms.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/drivers/**'] }] },
  },
)
