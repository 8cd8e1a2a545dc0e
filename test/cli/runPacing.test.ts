import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { linesOf } from './harness/prtProcess';
import { waitUntil } from './harness/processes';
import { seedSample, Workspace } from './harness/workspace';

// SPEC §1/§3: the write lane paces replies to GitHub's content-creation limits
// (`--content-rate`, scaled here so that a run that would take minutes takes seconds) and says
// on stderr until when it waits; a secondary limit answered without Retry-After is waited out
// for at least a minute (GitHub's advice), which Ctrl-C can cut short.

interface RunJson {
  threads: { id: string; status: string; resolved: boolean }[];
  cancelled?: boolean;
}

const files = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}.txt`, `line ${i}\n`]));
const threadsFor = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `f${i}.txt`, line: 1, body: `fix ${i}` }));
const WAITING = /^prt: waiting until (\d\d):(\d\d):(\d\d) for (.*)$/m;

/** Seconds since midnight UTC of `ms`, the clock `describeWait` shows with TZ=UTC. */
const secondOfDay = (ms: number) => Math.floor(ms / 1000) % 86_400;

describe('prt run: pacing the write lane to GitHub\'s secondary limits', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  it('--content-rate 6/4s against a GitHub enforcing 6 per 4 s: 12 threads all resolved, no refusal, the wait announced', async () => {
    const threads = await seedSample(ws, files(12), threadsFor(12));
    // A wait shorter than 2 s is not announced; the one here is about a whole window.
    ws.gh.enforceSecondaryLimits({ content: [{ limit: 6, windowMs: 4000 }], retryAfter: 'until-free' });
    const r = await ws.prt(['run', '--exec', 'true', '--content-rate', '6/4s', '--write-interval', '0', '--json', '--workers', '4'], {
      env: ws.env({ TZ: 'UTC' }),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ws.gh.refusals, [], 'GitHub refused nothing');
    for (const t of (JSON.parse(r.stdout) as RunJson).threads) assert.equal(t.status, 'resolved');
    for (const t of threads) {
      assert.equal(t.isResolved, true);
      assert.deepEqual(t.comments.slice(1).map((c) => c.body), ['Fixed ✓']);
    }
    const writes = ws.gh.requests.filter((q) => q.kind === 'mutation');
    assert.ok(writes.length >= 2, `${writes.length} write requests`);
    assert.ok(writes.every((q) => q.topLevelFields <= 12), 'at most 6 threads (a reply and a resolve each) per request');
    const wait = WAITING.exec(r.stderr);
    assert.ok(wait, `no waiting line in:\n${r.stderr}`);
    assert.match(wait[4], /GitHub's limit of content-creating requests/);
  });

  it('a secondary limit without Retry-After: waits a minute, says until when; SIGINT then stops it: exit 130, nothing resolved', async () => {
    const [t] = await seedSample(ws, files(1), threadsFor(1));
    ws.gh.faults.add({ status: 403, match: (q) => q.kind === 'mutation' });
    let child: ChildProcess | undefined;
    let stderr = '';
    let lineAt = 0;
    const running = ws.prt(['run', '--exec', 'true', '--write-interval', '0', '--json'], {
      env: ws.env({ TZ: 'UTC' }),
      onSpawn: (c) => (child = c),
      onStderr: (chunk) => {
        stderr += chunk;
        if (!lineAt && WAITING.test(stderr)) lineAt = Date.now();
      },
    });
    await waitUntil(() => lineAt > 0, 'the waiting line');
    const [, hh, mm, ss, why] = WAITING.exec(stderr)!;
    assert.match(why, /secondary rate limit/);
    // The wait was set after GitHub's answer to the refused request and before the line came.
    const refused = ws.gh.requests.find((q) => q.kind === 'mutation' && q.status === 403)!;
    const shown = Number(hh) * 3600 + Number(mm) * 60 + Number(ss);
    const earliest = secondOfDay(refused.at + 60_000);
    const latest = secondOfDay(lineAt + 60_000);
    const within = earliest <= latest ? shown >= earliest && shown <= latest : shown >= earliest || shown <= latest;
    assert.ok(within, `waits until ${hh}:${mm}:${ss}: not a minute after the refusal (${earliest}…${latest} s of the day)`);
    assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 1, 'nothing is resent while it waits');

    child!.kill('SIGINT');
    const r = await running;
    assert.equal(r.code, 130, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    const report = JSON.parse(r.stdout) as RunJson;
    assert.equal(report.cancelled, true);
    assert.equal(report.threads[0].resolved, false);
    assert.equal(t.isResolved, false);
    assert.equal(t.comments.length, 1);
    assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation').length, 1);
    assert.equal(linesOf(r.stderr).filter((l) => WAITING.test(l)).length, 1);
  });
});
