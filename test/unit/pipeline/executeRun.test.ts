import * as assert from 'node:assert/strict';
import { GitHubAuthErrorLike } from './errorsLike';
import { makeThread } from '../helpers/threads';
import { FakeGitHub, FakeVcs, fakeRunner, runWith } from './fakePorts';

describe('executeRun over fake ports', () => {
  let vcs: FakeVcs;
  beforeEach(() => {
    vcs = new FakeVcs();
  });
  afterEach(() => vcs.dispose());

  it('fixes every thread, replies to and resolves them, and reports what GitHub holds', async () => {
    const threads = [makeThread({ path: 'a.ts' }), makeThread({ path: 'b.ts' })];
    const github = new FakeGitHub(threads);
    const { report, run } = await runWith({ github, vcs });
    assert.deepEqual(report.threads.map((t) => [t.status, t.replied, t.resolved]), [['resolved', true, true], ['resolved', true, true]]);
    for (const t of threads) assert.equal(run.state(t.id), 'resolved');
    assert.deepEqual(vcs.calls, ['lock', 'unlock'], 'the run lock is taken and released; nothing else is asked of git');
  });

  it('speedup is sumMs / wallMs of the same report', async () => {
    const github = new FakeGitHub([makeThread({ path: 'a.ts' }), makeThread({ path: 'b.ts' })]);
    const { report } = await runWith({ github, vcs, runner: fakeRunner(() => ({ durationMs: 5 })) });
    assert.ok(report.wallMs > 0);
    assert.equal(report.speedup, report.sumMs / report.wallMs);
    assert.equal(report.summary.wallMs, report.wallMs, 'one wall time in the report');
  });

  it('a thread GitHub will not let the account reply to fails with that reason and is not resolved; no write is sent for it', async () => {
    const mute = makeThread({ path: 'a.ts', viewerCanReply: false });
    const ok = makeThread({ path: 'b.ts' });
    const github = new FakeGitHub([mute, ok]);
    const { report } = await runWith({ github, vcs });
    const t = report.threads.find((x) => x.id === mute.id)!;
    assert.equal(t.status, 'failed');
    assert.match(t.error ?? '', /does not let this account reply/);
    assert.equal(t.resolved, false);
    assert.ok(!github.written.flat().some((w) => w.threadId === mute.id), 'nothing was sent for it');
    assert.equal(report.threads.find((x) => x.id === ok.id)!.status, 'resolved');
  });

  it('without a reply, a thread that cannot be replied to is still resolved', async () => {
    const mute = makeThread({ viewerCanReply: false });
    const { report } = await runWith({ github: new FakeGitHub([mute]), vcs }, { replyTemplate: '  ' });
    assert.equal(report.threads[0].status, 'resolved');
    assert.equal(report.threads[0].replied, false);
  });

  it('an auth error in the resolve step is the run\'s error (exit 2), and the fixed threads stay fixed', async () => {
    const github = new FakeGitHub([makeThread()]);
    github.failWritesWith = new GitHubAuthErrorLike();
    const { report } = await runWith({ github, vcs });
    assert.match(report.error ?? '', /rejected the token/);
    assert.equal(report.notResolved?.kind, 'writeStopped');
    assert.equal(report.threads[0].status, 'fixed');
  });

  it('cancelling during a hung push reports the run stopped, not "push failed", and resolves nothing', async () => {
    const github = new FakeGitHub([makeThread()]);
    vcs.pushHangs = true;
    const abort = new AbortController();
    const pending = runWith({ github, vcs }, { commit: 'one', push: true }, abort.signal);
    while (!vcs.calls.includes('push')) await new Promise((r) => setImmediate(r));
    abort.abort();
    const { report } = await pending;
    assert.equal(report.cancelled, true);
    assert.equal(report.notResolved?.kind, 'cancelled');
    assert.equal(github.written.length, 0);
  });

  it('a missing git identity with --commit is refused before any request or job', async () => {
    const github = new FakeGitHub([makeThread()]);
    const runner = fakeRunner();
    vcs.identity = false;
    const { report } = await runWith({ github, vcs, runner }, { commit: 'one' });
    assert.match(report.error ?? '', /no identity/);
    assert.equal(github.requestCounts.queries, 0);
    assert.equal(runner.ran.length, 0);
    assert.ok(vcs.calls.includes('unlock'), 'the lock is released again');
  });

  it('a second run on a locked repository is refused at once, naming the pid', async () => {
    const github = new FakeGitHub([makeThread()]);
    vcs.lockedBy = 4242;
    const { report } = await runWith({ github, vcs });
    assert.match(report.error ?? '', /pid 4242/);
    assert.equal(github.requestCounts.queries, 0);
  });

  it('verify failing resolves nothing and says why', async () => {
    const github = new FakeGitHub([makeThread()]);
    const runner = fakeRunner((o) => (o.command === 'check' ? { exitCode: 3 } : {}));
    const { report } = await runWith({ github, vcs, runner }, { verifyCommand: 'check' });
    assert.deepEqual(report.notResolved, { kind: 'verifyFailed', exitCode: 3, signal: null });
    assert.equal(github.written.length, 0);
    assert.equal(report.threads[0].status, 'fixed');
  });

  it('a failing commit (a hook) resolves nothing', async () => {
    const github = new FakeGitHub([makeThread()]);
    vcs.commitError = 'git commit failed: pre-commit hook said no';
    const { report } = await runWith({ github, vcs }, { commit: 'one' });
    assert.equal(report.notResolved?.kind, 'commitFailed');
    assert.equal(github.written.length, 0);
  });

  it('{sha} in the reply names the fix commit; with nothing committed nothing is resolved', async () => {
    const github = new FakeGitHub([makeThread()]);
    const first = await runWith({ github, vcs }, { commit: 'one', replyTemplate: 'Fixed in {sha}' });
    assert.deepEqual([...github.replies.values()], [['Fixed in c0ffee0']]);
    assert.equal(first.report.threads[0].commit, vcs.commitSha);
    const github2 = new FakeGitHub([makeThread()]);
    vcs.commitSha = undefined;
    const second = await runWith({ github: github2, vcs }, { commit: 'one', replyTemplate: 'Fixed in {sha}' });
    assert.equal(second.report.notResolved?.kind, 'nothingCommitted');
    assert.equal(github2.written.length, 0);
  });

  it('the run reads GitHub afresh and reconciles a given plan: resolved threads drop out, new ones join a lane', async () => {
    const a = makeThread({ path: 'a.ts' });
    const b = makeThread({ path: 'b.ts' });
    const c = makeThread({ path: 'c.ts' });
    const github = new FakeGitHub([a, c]);
    const plan = { strategy: 'manual' as const, lanes: [{ name: 'worker-1', threads: [a.id, b.id] }, { name: 'worker-2', threads: [] }] };
    const { run } = await runWith({ github, vcs, input: { plan } });
    assert.deepEqual(run.plan.lanes.flatMap((l) => l.threads).sort(), [a.id, c.id].sort());
    assert.ok(!run.has(b.id));
  });
});
