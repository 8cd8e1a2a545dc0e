// Builds the two shipped bundles (dist/extension.js, dist/cli.js) and, with --tests,
// the test suites and repository scripts (out/), which are never shipped.
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

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
      external: ['vscode', 'mocha', 'graphql', 'playwright-core', '@vscode/test-electron', 'esbuild', 'eslint'],
    }]
  : [];

const withDist = only.length === 0 || args.has('--with-dist');
const configs = args.has('--tests') ? [...(withDist ? shipped : []), ...tests] : shipped;

if (watch) {
  for (const c of configs) (await esbuild.context(c)).watch();
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}
