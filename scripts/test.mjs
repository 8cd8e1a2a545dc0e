// `npm test`: type-check, lint, build, unit + CLI suites (mocha in Node), the real coding-agent
// CLIs end to end (installed on first use by scripts/setup-agents.sh into .cache/agents), then
// the integration suite inside a real VS Code extension host (code-server). The last line
// totals every suite: `N passed, N failed`. `node scripts/test.mjs agents` runs one step.
import { spawn } from 'node:child_process';

const results = [];

function run(name, cmd, args, parse) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    const forward = (stream, target) =>
      stream.on('data', (d) => {
        out += d;
        target.write(d);
      });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('close', (code) => {
      const counts = parse(out, code);
      results.push({ name, ...counts, code });
      resolve(code === 0);
    });
  });
}

const check = (_out, code) => (code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });
const mochaCounts = (out, code) => {
  const passed = Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
  const failed = Number(/(\d+) failing/.exec(out)?.[1] ?? 0);
  return { passed, failed: failed || (code !== 0 && passed === 0 ? 1 : failed) };
};
const hostCounts = (out, code) => {
  const m = /integration: (\d+) passed, (\d+) failed/.exec(out);
  if (!m) return { passed: 0, failed: 1 };
  return { passed: Number(m[1]), failed: Number(m[2]) || (code !== 0 ? 1 : 0) };
};

const only = process.argv.slice(2);
const want = (n) => only.length === 0 || only.includes(n);

if (want('typecheck')) await run('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.'], check);
if (want('lint')) await run('lint', 'npx', ['eslint', 'src', 'test', 'scripts'], check);
const built = await run('build', 'node', ['esbuild.mjs', '--tests'], check);
if (built && want('unit')) await run('unit + cli', 'npx', ['mocha', '--config', '.mocharc.json'], mochaCounts);
// The agent suites need the CLIs: the setup is cached (instant once done) and its failure
// fails the step, so a missing agent is never a silent skip.
if (built && want('agents')) {
  const installed = await run('agent CLIs (setup)', 'bash', ['scripts/setup-agents.sh'], check);
  if (installed) await run('agents (real CLIs)', 'npx', ['mocha', '--no-config', '--enable-source-maps', '--timeout', '240000', 'out/test/agents/**/*.test.js'], mochaCounts);
}
if (built && want('integration')) await run('integration (real extension host)', 'node', ['out/test/host/main.js'], hostCounts);
// The harness's own tests start real code-server and chromium, installed by the step above.
if (built && want('host')) await run('test host harness', 'npx', ['mocha', '--no-config', '--enable-source-maps', '--timeout', '120000', 'out/test/host/**/*.test.js'], mochaCounts);

console.log('\n=== summary');
for (const r of results) console.log(`${r.name.padEnd(36)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && results.every((r) => r.code === 0) ? 0 : 1;
