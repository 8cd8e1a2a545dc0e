import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core and the GitHub client are shared by the CLI and the extension: no editor APIs.
    files: ['src/core/**/*.ts', 'src/github/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core and src/github must not depend on vscode; expose what views need from the core.' }],
        patterns: [{ group: ['**/extension/**', '**/cli/**'], message: 'the core must not import a front end.' }],
      }],
    },
  },
);
