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
    // Front ends go through each module's door (src/core/index.ts, src/github/index.ts).
    files: ['src/extension/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['../core/*', '../github/*'], message: 'import from ../core or ../github (their index.ts), not their inner files.' }],
      }],
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
