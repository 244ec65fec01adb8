import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
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
    // The core must know nothing vendor-specific: only drivers/index.ts may import a vendor.
    files: ['src/**/*.ts', 'matchers/**/*.ts'],
    ignores: ['src/index.ts', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/drivers/**'] }] },
  },
)
