import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.local/**', 'coverage/**', 'services/analytics-dashboard/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', globalThis: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      // Seams (docs/architecture.md, "Package boundaries"): a workspace uses another only through
      // the other's package.json `exports`, never by a relative path out of itself or by its
      // src/ or test files.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./){3,}', message: 'a relative import this deep leaves the workspace: import the package by name, through its exports' },
            {
              regex: '^(\\.\\./)+(shared|services|tools|analytics-[a-z-]+|local-stack|traffic-generator|dlq-redrive|infra-checks|bench|build)/',
              message: 'a relative import into another workspace: import the package by name, through its exports',
            },
            { regex: '^(@picasso/[^/]+|analytics-[a-z-]+)/(src|test|e2e|scripts)(/|$)', message: "another package's src/, test or script files: import what its exports map offers (add an export if needed)" },
          ],
        },
      ],
    },
  },
);
