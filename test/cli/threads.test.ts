import * as assert from 'node:assert/strict';
import { seedBigPullRequest } from '../github/scenarios';
import { linesOf } from './harness/prtProcess';
import { DEMO, Workspace } from './harness/workspace';

const THREAD_KEYS = ['author', 'body', 'comments', 'id', 'isOutdated', 'isResolved', 'line', 'path', 'startLine', 'url', 'viewerCanResolve'];
const COMMENT_KEYS = ['author', 'body', 'createdAt', 'id', 'url'];

interface ThreadJson {
  id: string;
  path: string;
  line: number | null;
  startLine: number | null;
  isOutdated: boolean;
  isResolved: boolean;
  viewerCanResolve: boolean;
  url: string;
  author: string;
  body: string;
  comments: { id: string; author: string; body: string; createdAt: string; url: string }[];
}

/** GitHub's GraphQL names a bot without the `[bot]` its REST API shows; a deleted account is `ghost`. */
function graphqlLogin(login: string | null): string {
  return login === null ? 'ghost' : login.replace(/\[bot\]$/, '');
}

describe('prt threads', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create();
  });
  afterEach(async () => {
    await ws.dispose();
  });

  it('--json prints every unresolved thread in the SPEC shape, outdated ones kept', async () => {
    const pr = await ws.demo();
    const r = await ws.prt(['threads', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const threads = JSON.parse(r.stdout) as ThreadJson[];
    const expected = pr.threads.filter((t) => !t.isResolved);
    assert.deepEqual(threads.map((t) => t.id), expected.map((t) => t.id));
    for (const [i, t] of threads.entries()) {
      const s = expected[i];
      assert.deepEqual(Object.keys(t).sort(), THREAD_KEYS);
      assert.equal(t.path, s.path);
      assert.equal(t.line, s.line);
      assert.equal(t.startLine, s.startLine);
      assert.equal(t.isOutdated, s.isOutdated);
      assert.equal(t.isResolved, false);
      assert.equal(t.viewerCanResolve, true);
      assert.equal(t.author, graphqlLogin(s.comments[0].author));
      assert.equal(t.body, s.comments[0].body);
      assert.match(t.url, /^https:\/\//);
      assert.equal(t.comments.length, s.comments.length);
      for (const [k, c] of t.comments.entries()) {
        assert.deepEqual(Object.keys(c).sort(), COMMENT_KEYS);
        assert.equal(c.id, s.comments[k].id);
        assert.equal(c.body, s.comments[k].body);
        assert.equal(c.author, graphqlLogin(s.comments[k].author));
        assert.equal(c.createdAt, s.comments[k].createdAt);
      }
    }
    const outdated = threads.filter((t) => t.isOutdated);
    assert.equal(outdated.length, 1);
    assert.equal(outdated[0].line, null);
    const multi = threads.find((t) => t.startLine !== null);
    assert.ok(multi && multi.line !== null && multi.startLine! < multi.line);
    assert.ok(threads.some((t) => t.comments.length === 3), 'the conversation thread keeps its replies');
  });

  it('--include-resolved adds the resolved thread, marked', async () => {
    const pr = await ws.demo();
    const r = await ws.prt(['threads', '--json', '--include-resolved']);
    assert.equal(r.code, 0, r.stderr);
    const threads = JSON.parse(r.stdout) as ThreadJson[];
    assert.deepEqual(threads.map((t) => t.id), pr.threads.map((t) => t.id));
    const resolved = threads.filter((t) => t.isResolved);
    assert.deepEqual(resolved.map((t) => t.id), pr.threads.filter((t) => t.isResolved).map((t) => t.id));
  });

  it('prints a human listing: a header and one row per thread, outdated flagged', async () => {
    const pr = await ws.demo();
    const r = await ws.prt(['threads']);
    assert.equal(r.code, 0, r.stderr);
    const lines = linesOf(r.stdout);
    const unresolved = pr.threads.filter((t) => !t.isResolved);
    assert.match(lines[0], new RegExp(`^acme/widgets#42 .*\\(${unresolved.length} unresolved review threads\\)$`));
    assert.equal(lines.length, 1 + unresolved.length);
    assert.ok(lines.some((l) => l.includes('src/retryBudget.js:') && l.includes('coderabbitai')));
    assert.equal(lines.filter((l) => l.includes('[outdated]')).length, 1);
    assert.ok(lines.find((l) => l.includes('[outdated]'))!.includes('src/httpClient.js:22'), 'outdated threads show their original line');
    assert.equal(r.stderr, '');
  });

  it('finds the repository from origin and the PR from the current branch', async () => {
    await ws.demo();
    const r = await ws.prt(['threads', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as ThreadJson[]).length, 14);
    // Without --pr the open PR whose head is the branch is looked up first.
    const ops = ws.gh.requests.map((q) => q.variables);
    assert.ok(ops.some((v) => JSON.stringify(v).includes(DEMO.headRefName)), 'a lookup by the head branch was made');
  });

  it('--repo and --pr work outside any git repository, and override the remote', async () => {
    const pr = await ws.demo();
    const other = ws.gh.store.addPullRequest({ owner: 'other', name: 'thing' }, { number: 5, headRefName: 'feature/retry-budget' });
    ws.gh.store.addThread({ owner: 'other', name: 'thing', number: 5 }, { path: 'a.txt', line: 1, comments: [{ author: 'zed', body: 'other repo' }] });
    const outside = await ws.prt(['threads', '--json', '--repo', 'acme/widgets', '--pr', '42'], { cwd: ws.outside });
    assert.equal(outside.code, 0, outside.stderr);
    assert.equal((JSON.parse(outside.stdout) as ThreadJson[]).length, pr.threads.filter((t) => !t.isResolved).length);
    ws.gh.resetLog();
    const overridden = await ws.prt(['threads', '--json', '--repo', 'other/thing', '--pr', String(other.number)]);
    assert.equal(overridden.code, 0, overridden.stderr);
    assert.deepEqual((JSON.parse(overridden.stdout) as ThreadJson[]).map((t) => t.body), ['other repo']);
    assert.ok(ws.gh.requests.every((q) => !JSON.stringify(q.variables).includes(DEMO.headRefName)), '--pr needs no branch lookup');
  });

  it('reads a 235-thread PR with a 130-comment thread completely, in few requests of at most 100 items', async () => {
    const seeded = seedBigPullRequest(ws.gh.store, { owner: 'acme', name: 'big', number: 7, threads: 235, longThread: { comments: 130 } });
    const r = await ws.prt(['threads', '--json', '--repo', 'acme/big', '--pr', '7'], { cwd: ws.outside });
    assert.equal(r.code, 0, r.stderr);
    const threads = JSON.parse(r.stdout) as ThreadJson[];
    assert.deepEqual(threads.map((t) => t.id), seeded.unresolved.map((t) => t.id));
    for (const [i, t] of threads.entries()) {
      assert.deepEqual(t.comments.map((c) => c.id), seeded.unresolved[i].comments.map((c) => c.id));
    }
    const long = threads.find((t) => t.id === seeded.longThread!.id)!;
    assert.equal(long.comments.length, 130);
    assert.equal(threads.filter((t) => t.isOutdated).length, seeded.outdated.length);
    assert.ok(ws.gh.requests.length <= 5, `${ws.gh.requests.length} requests`);
    for (const q of ws.gh.requests) {
      for (const m of q.query.matchAll(/\b(?:first|last)\s*:\s*(\d+)/g)) assert.ok(Number(m[1]) <= 100, `first: ${m[1]} in ${q.operationName}`);
      for (const [k, v] of Object.entries(q.variables)) {
        if (typeof v === 'number' && /first|last|page|size/i.test(k)) assert.ok(v <= 100, `${k}=${v} in ${q.operationName}`);
      }
    }
  });

  it('says "nothing to do" with exit 0 when no thread is unresolved', async () => {
    ws.gh.store.addPullRequest({ owner: 'acme', name: 'app' }, { number: 3, headRefName: 'x' });
    const r = await ws.prt(['threads', '--repo', 'acme/app', '--pr', '3'], { cwd: ws.outside });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^nothing to do: acme\/app#3 has no unresolved review threads\n$/);
  });
});
