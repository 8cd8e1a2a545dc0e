import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

// The layers of STYLE.md, top to bottom; each may import only the ones before it:
// common → model → engine (ports) → the adapters github and git → pipeline → the front ends
// (the extension, the CLI, and the GitHub Action over the CLI).
const LAYERS = {
  common: [],
  model: ['common'],
  engine: ['common', 'model'],
  github: ['common', 'model', 'engine'],
  git: ['common', 'model', 'engine'],
  pipeline: ['common', 'model', 'engine'],
  extension: ['common', 'model', 'engine', 'github', 'git', 'pipeline'],
  cli: ['common', 'model', 'engine', 'github', 'git', 'pipeline'],
  // The GitHub Action is a front end over the CLI's: it maps the runner's inputs to prt's
  // arguments and prt's report to the runner's outputs, and composes nothing of its own.
  action: ['common', 'model', 'engine', 'github', 'git', 'pipeline', 'cli'],
};

/** One zone per forbidden arrow: `target` may not import `from`. */
const zones = Object.entries(LAYERS).flatMap(([layer, allowed]) =>
  Object.keys(LAYERS)
    .filter((other) => other !== layer && !allowed.includes(other))
    .map((other) => ({
      target: `./src/${layer}`,
      from: `./src/${other}`,
      message: `src/${layer} may import only ${allowed.length ? allowed.map((a) => `src/${a}`).join(', ') : 'nothing of ours'} (STYLE.md layers).`,
    })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      'import/no-restricted-paths': ['error', { zones }],
      'import/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Only the extension talks to the editor; everything below it runs in the CLI too.
    files: ['src/**/*.ts'],
    ignores: ['src/extension/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'only src/extension may import vscode; expose what views need from the layers below.' }],
      }],
    },
  },
);
