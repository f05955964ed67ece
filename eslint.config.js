import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/**', 'examples/**/public/mockServiceWorker.js', '**/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The consumer project's plain scripts (scripts/consumer-test.sh): Node and a browser page, CommonJS included.
    files: ['test/consumer/**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { fetch: 'readonly', console: 'readonly', require: 'readonly', window: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
)
