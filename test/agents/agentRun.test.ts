// `prt run --agent claude` and `--agent codex` end to end with the REAL CLIs (installed by
// scripts/setup-agents.sh), through the built prt (dist/cli.js), against the test GitHub
// (its token a canary) and a scripted model server the CLI reaches offline. The scripted
// model tells each conversation's thread from its prompt (a TASK- token in the comment).
// A missing CLI fails these suites: it is never a silent skip.
// Build and run:
//   node esbuild.mjs --tests --only test/agents --with-dist
//   npx mocha --no-config --enable-source-maps --timeout 180000 'out/test/agents/agentRun.test.js'
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { waitNoneWithEnv } from '../cli/harness/processes';
import { commitsSince, reportOf, threadUrls, type RunJson, type ThreadJson } from '../cli/harness/isolation';
import type { PrtResult } from '../cli/harness/prtProcess';
import { git } from '../cli/harness/workspace';
import type { StoredThread } from '../github/storeModel';
import { DRIVERS, requireBin } from './agentDrivers';
import { AgentWorld, CANARY, findNamed, gate, ThreadModel, type Turns } from './agentWorld';
import { maxOpen, type ToolCall, type ToolResult, type Turn } from './scripted';

/** Five threads, one file each: two fixed, one the agent leaves alone, one that tries to write outside, one that asks for the environment and then fixes. */
const T = {
  one: { token: 'TASK-0NE1', path: 'src/one.ts' },
  two: { token: 'TASK-TW02', path: 'src/two.ts' },
  same: { token: 'TASK-SAM3', path: 'src/three.ts' },
  outside: { token: 'TASK-0UT4', path: 'src/four.ts' },
  env: { token: 'TASK-ENV5', path: 'lib/five.ts' },
} as const;
const SPECS = Object.values(T);
const JOBS = 2;

const SUMMARY_ONE = 'Renamed the value in src/one.ts to new, as the reviewer asked.';
const SUMMARY_TWO = 'Renamed two.';
const NO_CHANGE = 'Nothing to change: the value already says what the reviewer wants.';
const REFUSED = 'I could not write those files.';
const SUMMARY_ENV = 'Renamed five after looking around.';

const oldLine = (token: string) => `export const value = 'old-${token}';`;
const newLine = (token: string) => `export const value = 'new-${token}';`;

function run(world: AgentWorld, args: readonly string[]): Promise<PrtResult> {
  return world.run([...args, '--reply', 'Fixed in {sha}: {summary}']);
}

function threadOf(world: AgentWorld, token: string): StoredThread {
  const t = world.threads.find((x) => x.comments[0].body.includes(token));
  assert.ok(t, `a thread for ${token}`);
  return t;
}

function describeRun(r: PrtResult): string {
  return `exit ${r.code}\n--- stderr:\n${r.stderr.slice(-4000)}`;
}

/** Every tool result of every conversation. */
function allToolResults(model: ThreadModel): ToolResult[] {
  const byId = new Map<string, ToolResult>();
  for (const c of model.conversations.values()) for (const req of c.requests) for (const r of req.toolResults) byId.set(`${c.id}/${r.id}`, r);
  return [...byId.values()];
}

/** The tool results the conversation about `token` got back, last request's view (it holds them all). */
function resultsAbout(model: ThreadModel, token: string): ToolResult[] {
  const [c] = model.about(token);
  assert.ok(c, `a conversation about ${token}`);
  return c.requests.at(-1)?.toolResults ?? [];
}

/** `n` turns whose tool calls are made when each is asked for; the first one through `g`. */
function lazyTurns(n: number, calls: (i: number) => ToolCall[], g: ReturnType<typeof gate>): Turns {
  return Array.from({ length: n }, (_, i) => {
    const t = (): Turn => ({ toolCalls: calls(i) });
    return i === 0 ? g(t) : t;
  });
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '(gone)';
  }
}

for (const driver of DRIVERS) {
  describe(`prt run --agent ${driver.name}: the real ${driver.displayName} per thread, end to end`, function () {
    this.timeout(240_000);

    before(() => {
      requireBin(driver);
    });

    describe(`five threads, --jobs ${JOBS} --commit-per-thread --reply 'Fixed in {sha}: {summary}'`, () => {
      let world: AgentWorld;
      let model: ThreadModel;
      let r: PrtResult;
      let report: RunJson & { thread(id: string): ThreadJson };
      let urls: Map<string, string>;
      /** Processes holding the canary while the env thread's agent ran (prt's own environment is one). */
      const holders: Array<{ pid: number; cmd: string }> = [];
      const absoluteTarget = () => path.join(world.ws.repo, `pwned-abs-${driver.name}.txt`);
      const relativeTarget = `../pwned-rel-${driver.name}.txt`;

      before(async () => {
        model = new ThreadModel(driver);
        const g = gate(JOBS);
        const edit = (token: string, path: string): Turn => ({ toolCalls: driver.edit(path, oldLine(token), newLine(token)) });
        const turnsOf: Record<keyof typeof T, Turns> = {
          one: [g(edit(T.one.token, T.one.path)), { text: SUMMARY_ONE }],
          two: [g(edit(T.two.token, T.two.path)), { text: `${SUMMARY_TWO}\nA second line the summary leaves out.` }],
          same: [g({ text: NO_CHANGE })],
          // The world (its paths, prt's pid) exists only once the run is under way: these turns read it when asked.
          outside: [...lazyTurns(driver.writeOutside('', '').length, (i) => driver.writeOutside(absoluteTarget(), relativeTarget)[i], g), { text: REFUSED }],
          env: [
            ...lazyTurns(driver.showEnv(0).length, (i) => {
              if (i === 0) for (const pid of world.processesWithCanary()) holders.push({ pid, cmd: cmdline(pid) });
              return driver.showEnv(world.prtPid ?? -1)[i];
            }, g),
            edit(T.env.token, T.env.path),
            { text: SUMMARY_ENV },
          ],
        };
        for (const [k, turns] of Object.entries(turnsOf)) model.on(T[k as keyof typeof T].token, turns);
        world = await AgentWorld.create(driver, SPECS, model.script);
        urls = await threadUrls(world.ws);
        r = await run(world, ['--jobs', String(JOBS), '--commit-per-thread']);
        report = reportOf(r);
      });
      after(async () => {
        await world?.dispose();
      });

      it('runs: exit 1 (two threads failed), the scripted model saw no error', () => {
        assert.deepEqual(world.server.scriptErrors.map(String), []);
        assert.equal(r.code, 1, describeRun(r));
        assert.equal(report.error, undefined);
      });

      it(`holds one conversation per thread, ${JOBS} at once and never more`, () => {
        for (const s of SPECS) assert.equal(model.about(s.token).length, 1, `conversations about ${s.token}`);
        assert.equal(model.conversations.size, SPECS.length);
        assert.equal(maxOpen(world.server.requests), JOBS, 'model requests open at one moment');
      });

      it("gives the agent a prompt holding the thread's path, line and comment", () => {
        for (const s of SPECS) {
          const [first] = model.about(s.token)[0].requests;
          assert.ok(first.userText.includes(`${s.path}, line 2`), `${s.token}'s prompt names ${s.path}, line 2:\n${first.userText.slice(0, 1500)}`);
          assert.ok(first.userText.includes(`${s.token}: rename the value\nso that it says new.`), `${s.token}'s prompt holds the comment`);
          assert.ok(first.userText.includes('acme/app#1'), 'and the pull request');
        }
      });

      it('lands each fix as a commit of its own, and resolves those threads with a reply naming the commit and the summary', async () => {
        const commits = await commitsSince(world.ws.repo, world.base);
        const fixed = [[T.one, SUMMARY_ONE], [T.two, SUMMARY_TWO], [T.env, SUMMARY_ENV]] as const;
        assert.equal(commits.length, fixed.length, `one commit per fixed thread: ${commits.map((c) => c.subject).join(' | ')}`);
        for (const [spec, summary] of fixed) {
          const stored = threadOf(world, spec.token);
          const j = report.thread(stored.id);
          assert.equal(j.status, 'resolved', `${spec.token}: ${j.error}`);
          assert.ok(j.commit, 'names its commit');
          const commit = commits.find((c) => c.sha === j.commit);
          assert.ok(commit, `${j.commit} is on the branch`);
          assert.deepEqual(commit.files, [spec.path], 'the commit holds only its thread\'s file');
          assert.equal(commit.trailer, urls.get(stored.id), 'its Review-Thread trailer names the thread');
          assert.deepEqual([j.replied, j.resolved, stored.isResolved], [true, true, true]);
          assert.equal(stored.comments.at(-1)?.body, `Fixed in ${j.commit.slice(0, 7)}: ${summary}`);
          assert.equal((j as ThreadJson & { agent?: { summary: string } }).agent?.summary, summary);
          assert.equal(await world.atHead(spec.path), `// ${spec.token}\n${newLine(spec.token)}\n// end\n`);
        }
        assert.equal(await git(world.ws.repo, ['status', '--porcelain', '--untracked-files=all']), '', 'the work tree is clean');
      });

      it('fails the thread the agent did not change, with the agent\'s message, and leaves it unresolved', () => {
        const stored = threadOf(world, T.same.token);
        const j = report.thread(stored.id);
        assert.equal(j.status, 'failed');
        assert.equal(j.error, `the agent made no change: ${NO_CHANGE}`);
        assert.deepEqual([j.commit, j.changes, j.replied, j.resolved, stored.isResolved, stored.comments.length], [null, null, false, false, false, 1]);
      });

      it('never lets a write outside the worktree land (absolute path into the repository, ../): refused, the thread failed', async () => {
        const results = resultsAbout(model, T.outside.token);
        const writes = driver.writeOutside(absoluteTarget(), relativeTarget).length;
        assert.equal(results.length, writes, JSON.stringify(results));
        for (const x of results) assert.ok(driver.refusedWrite(x), `refused: ${JSON.stringify(x)}`);
        for (const name of [path.basename(absoluteTarget()), path.basename(relativeTarget)]) {
          for (const n of [name, `${name}.sh`]) {
            assert.deepEqual(findNamed(world.ws.root, n), [], `${n} was written below ${world.ws.root}`);
            assert.equal(existsSync(path.join(tmpdir(), n)), false, `${n} was written in ${tmpdir()}`);
          }
        }
        const j = report.thread(threadOf(world, T.outside.token).id);
        assert.deepEqual([j.status, j.error, j.resolved], ['failed', `the agent made no change: ${REFUSED}`, false]);
      });

      it('keeps the GitHub token from the agent: not in its environment, in no request the model saw, in no tool result', () => {
        assert.equal(world.server.saw(CANARY), false, 'the token reached the model server');
        for (const x of allToolResults(model)) assert.ok(!x.content.includes(CANARY), `a tool result holds the token: ${x.name}: ${x.content.slice(0, 300)}`);
        // The token is in prt's own environment (it resolves threads with it); no agent process has it.
        assert.ok(world.prtPid !== undefined && holders.some((h) => h.pid === world.prtPid), `prt held the token: ${JSON.stringify(holders)}`);
        const others = holders.filter((h) => h.pid !== world.prtPid && !/^(\S*\/)?git /.test(h.cmd));
        assert.deepEqual(others, [], 'processes other than prt (and its git) with the token in their environment');
        const env = resultsAbout(model, T.env.token);
        if (driver.name === 'claude') {
          // Bash is not offered; its file tools refuse /proc (prt's environ, their own).
          assert.match(env[0].content, /No such tool available: Bash/);
          for (const x of env.slice(1, 4)) assert.match(x.content, /this path names a device or process file that this tool does not read/, JSON.stringify(x));
        } else {
          // Commands run, sandboxed: `env` prints no *TOKEN*/*KEY* variable, printenv finds none,
          // and prt's /proc entry is not there (the sandbox has a /proc of its own).
          assert.match(env[0].content, /^HOME=/m, 'env ran');
          assert.match(env[0].content, /printenv-exit=1/);
          assert.doesNotMatch(env[0].content, /GITHUB_TOKEN|GH_TOKEN|ghp_/);
          assert.match(env[1].content, new RegExp(`/proc/${world.prtPid}/environ: No such file or directory`));
          assert.match(env[1].content, /proc-done/);
        }
      });
    });

    it('kills a slow agent at --timeout with nothing of it left running; the thread times out unresolved', async () => {
      const model = new ThreadModel(driver).on(T.one.token, [{ text: 'too late', delayMs: 120_000 }]);
      const world = await AgentWorld.create(driver, [T.one], model.script);
      try {
        const started = Date.now();
        const r = await run(world, ['--timeout', '4s', '--commit-per-thread']);
        const took = Date.now() - started;
        assert.equal(r.code, 1, describeRun(r));
        const j = reportOf(r).thread(world.threads[0].id);
        assert.deepEqual([j.status, j.commit, j.resolved, world.threads[0].isResolved], ['timeout', null, false, false], j.error ?? '');
        assert.ok(took < 60_000, `prt ended ${took} ms after it started: the agent was not killed at 4 s`);
        assert.ok(world.server.requests.some((x) => x.kind === 'main' && x.aborted), 'the model request was cut off by the kill');
        await waitNoneWithEnv('PRT_TEST_OUT', world.ws.outside);
      } finally {
        await world.dispose();
      }
    });
  });
}
