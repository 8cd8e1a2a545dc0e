// `npm run demo`: the whole pipeline on the embedded demo PR, offline. Starts the local
// demo GitHub, writes the demo repository into a temporary folder and runs `prt` on it.
// `npm run demo -- --vscode` opens the same in a real VS Code (code-server) instead.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { createDemoRepo, DEMO, seedDemo } from '../test/github/demoScenario';
import { startTestGitHub } from '../test/github/testGitHub';
import { DEMO_AGENT_SOURCE } from './demo/demoAgent';
import { runVsCodeDemo } from './demo/vscodeDemo';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

function prt(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  process.stdout.write(`\n${bold(`$ prt ${args.map((a) => (/^[\w./=,:{}-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`)}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'prt-demo-'));
  const gh = await startTestGitHub({ token: 'demo-token' });
  try {
    seedDemo(gh.store);
    const repo = path.join(work, 'widgets');
    await createDemoRepo(repo);
    // Pushes go to a local bare repository; the fetch URL still names acme/widgets on GitHub.
    const bare = path.join(work, 'origin.git');
    await promisify(execFile)('git', ['init', '--quiet', '--bare', bare]);
    await promisify(execFile)('git', ['config', 'remote.origin.pushurl', bare], { cwd: repo });
    const agent = path.join(work, 'demo-agent.js');
    await writeFile(agent, DEMO_AGENT_SOURCE);
    const env = { ...process.env, GITHUB_TOKEN: gh.token, GITHUB_GRAPHQL_URL: gh.url, GH_TOKEN: '' };

    if (process.argv.includes('--vscode')) {
      await runVsCodeDemo({ root, repo, gh });
      return;
    }

    console.log(bold(`PR Thread Runner demo: ${DEMO.owner}/${DEMO.name}#${DEMO.number} "${DEMO.title}"`));
    console.log(`Local GitHub: ${gh.url} · repository: ${repo}`);
    await prt(['threads'], repo, env);
    await prt(['plan', '--workers', '3'], repo, env);
    const joblog = path.join(work, 'run.joblog');
    const code = await prt(
      [
        'run', '--workers', '3', '--jobs', '3', '--apply-suggestions',
        '--exec', `node ${agent} {path}`,
        '--verify', 'for f in src/*.js; do node --check "$f" || exit 1; done',
        '--commit-per-thread', '--push', '--reply', 'Fixed in {sha} ✓', '--joblog', joblog,
      ],
      repo,
      env,
    );
    console.log(`\n${bold('$ git log --oneline main..')}  (one commit per fixed thread, in plan order)`);
    process.stdout.write((await promisify(execFile)('git', ['log', '--oneline', '--no-decorate', `${DEMO.baseRefName}..`], { cwd: repo })).stdout);
    console.log(`\n${bold('$ cat run.joblog')}  (GNU parallel's --joblog format)`);
    process.stdout.write(await readFile(joblog, 'utf8'));
    await prt(['threads'], repo, env);
    const mutations = gh.requests.filter((r) => r.kind === 'mutation').length;
    console.log(`\nprt run exited ${code}. The demo GitHub saw ${gh.requests.length} requests (${mutations} mutation requests).`);
    console.log(`Rerun only the failed threads later with: prt run … --joblog run.joblog --resume-failed`);
    console.log('A conflict\'s patch stays in .git/prt/patches/ (apply it with git am after a look); prt clean removes it and the worktrees:');
    await prt(['clean'], repo, env);
  } finally {
    await gh.close();
    if (!process.argv.includes('--keep')) await rm(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
