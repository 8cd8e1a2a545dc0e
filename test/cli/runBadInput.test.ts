import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CLI_PATH, linesOf, type PrtResult } from './harness/prtProcess';
import { git, seedSample, Workspace } from './harness/workspace';

// SPEC §4: bad input gets exit 2 and one line naming what to change; a secret is never printed.

const TOKEN = 'ghp_SecretTokenOfTheBadInputTests0123456789';
const PASSWORD = 'hunter2-Pa55word-never-shown';
const FILES = { 'a.txt': 'a\n', 'b.txt': 'b\n' };
const THREADS = [
  { path: 'a.txt', line: 1, body: 'fix a' },
  { path: 'b.txt', line: 1, body: 'fix b' },
];
// Leaves a mark for every job that ran, outside the repository.
const MARK = 'touch "$PRT_TEST_OUT/ran-$PRT_THREAD_ID"';

interface ReportJson {
  error?: string;
  threads: { id: string; status: string; error: string | null; replied: boolean; resolved: boolean }[];
  requests: { queries: number; mutations: number };
}

/** The `prt: …` lines of stderr (a run also writes one line per event there when not on a terminal). */
const errorLines = (r: PrtResult) => linesOf(r.stderr).filter((l) => l.startsWith('prt: '));

/** Exit 2, exactly one line on stderr and it starts `prt: `, no stack, no "internal error", no secret anywhere. */
function assertOneLine(r: PrtResult, pattern: RegExp, secrets: readonly string[] = [TOKEN, PASSWORD]): string {
  assert.equal(r.code, 2, `exit ${r.code}; stderr: ${r.stderr}`);
  const lines = linesOf(r.stderr);
  assert.equal(lines.length, 1, `stderr has ${lines.length} lines:\n${r.stderr}`);
  assert.match(lines[0], /^prt: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error|\bError:/);
  assertNoSecret(r, secrets);
  return lines[0];
}

function assertNoSecret(r: PrtResult, secrets: readonly string[]): void {
  for (const s of secrets) {
    assert.ok(!r.stderr.includes(s), `stderr shows a secret: ${r.stderr}`);
    assert.ok(!r.stdout.includes(s), `stdout shows a secret: ${r.stdout}`);
  }
}

/** The `--json` report on stdout: one object, with `error` when the run could not go on. */
function reportOf(r: PrtResult): ReportJson {
  const report = JSON.parse(r.stdout) as ReportJson;
  assert.equal(typeof report, 'object');
  assert.ok(Array.isArray(report.threads), r.stdout);
  return report;
}

describe('prt run: bad input and secrets (SPEC §4)', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.create({ token: TOKEN });
    await seedSample(ws, FILES, THREADS);
  });
  afterEach(async () => {
    await ws.dispose();
  });

  const jobsRun = () => readdirSync(ws.outside).filter((f) => f.startsWith('ran-'));

  describe('secrets are never printed', () => {
    it('--graphql-url holding user:password@, unparsable or not: exit 2, one line, no password', async () => {
      const cases: [string, RegExp][] = [
        [`http://octo:${PASSWORD}@127.0.0.1:notaport/graphql`, /--graphql-url.*not an http\(s\) URL/],
        [`http://octo:${PASSWORD}@${new URL(ws.gh.url).host}/graphql`, /--graphql-url.*user name or password/],
      ];
      for (const [url, pattern] of cases) {
        for (const args of [['threads', '--graphql-url', url], ['run', '--exec', MARK, '--graphql-url', url]]) {
          assertOneLine(await ws.prt(args), pattern);
        }
        const json = await ws.prt(['run', '--exec', MARK, '--json', '--graphql-url', url]);
        assert.equal(json.code, 2);
        assertNoSecret(json, [PASSWORD]);
        assert.match(reportOf(json).error ?? '', /--graphql-url/);
      }
      assert.equal(ws.gh.requests.length, 0);
      assert.deepEqual(jobsRun(), []);
    });

    it('GITHUB_GRAPHQL_URL holding user:password@, unparsable or not: exit 2, one line, no password', async () => {
      const port = new URL(ws.gh.url).port;
      const urls = [
        `http://octo:${PASSWORD}@127.0.0.1:notaport/graphql`,
        `ftp://octo:${PASSWORD}@127.0.0.1:${port}/graphql`,
        // A well-formed URL to the test GitHub itself, credentials included.
        `http://octo:${PASSWORD}@127.0.0.1:${port}/graphql`,
      ];
      for (const url of urls) {
        for (const args of [['threads'], ['run', '--exec', MARK, '--json']]) {
          const r = await ws.prt(args, { env: ws.env({ GITHUB_GRAPHQL_URL: url }) });
          assert.equal(r.code, 2, `${url}: exit ${r.code}; ${r.stderr}`);
          const lines = errorLines(r);
          assert.equal(lines.length, 1, r.stderr);
          assert.match(lines[0], /GITHUB_GRAPHQL_URL|GraphQL URL/);
          assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
          assertNoSecret(r, [PASSWORD, TOKEN]);
          if (args.includes('--json')) assert.ok(reportOf(r).error);
        }
      }
      assert.deepEqual(jobsRun(), []);
      // The credentials in the URL must not reach the server either.
      assert.ok(ws.gh.requests.every((q) => !JSON.stringify(q).includes(PASSWORD)));
    });

    it('a server error message that echoes the token (a read): shown as ***', async () => {
      // A 403 that is no rate limit (no documentation link): refused at once, not retried.
      ws.gh.faults.add({ status: 403, body: { message: 'proxy refused Authorization: token {token}' }, match: (q) => q.kind === 'query', times: Infinity });
      const line = assertOneLine(await ws.prt(['threads']), /\*\*\*/);
      assert.match(line, /403.*proxy refused/);
      assert.ok(ws.gh.requests.some((q) => q.faulted), 'the fault answered');
    });

    it('a GraphQL error that echoes the token (a read, and the write lane): shown as ***', async () => {
      ws.gh.faults.add({ graphqlErrors: [{ type: 'FORBIDDEN', message: 'token {token} may not read this' }], match: (q) => q.kind === 'query' });
      assertOneLine(await ws.prt(['threads']), /\*\*\*/);

      // A mutation answered 200 with only errors holding the token: the lane reads back and
      // reports each thread failed with GitHub's words — redacted.
      ws.gh.faults.add({ graphqlErrors: [{ type: 'FORBIDDEN', message: 'token {token} may not write' }], match: (q) => q.kind === 'mutation', times: Infinity });
      const r = await ws.prt(['run', '--exec', MARK, '--json', '--write-interval', '0']);
      assert.notEqual(r.code, 0, r.stderr);
      assertNoSecret(r, [TOKEN]);
      assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
      assert.ok(ws.gh.requests.some((q) => q.kind === 'mutation' && q.faulted), 'the fault answered the write');
      assert.match(r.stdout + r.stderr, /\*\*\*/, 'GitHub\'s words are shown, redacted');
    });
  });

  describe('values that cannot work: exit 2, one line naming the option or variable', () => {
    it('--timeout 600h (beyond what a timer holds) names --timeout; nothing runs', async () => {
      assertOneLine(await ws.prt(['run', '--exec', MARK, '--timeout', '600h']), /--timeout/);
      assert.deepEqual(jobsRun(), []);
      assert.equal(ws.gh.requests.length, 0);
    });

    it('--joblog naming a folder: exit 2, one line; nothing runs', async () => {
      const folder = path.join(ws.outside, 'logs');
      await mkdir(folder);
      const line = assertOneLine(await ws.prt(['run', '--exec', MARK, '--joblog', folder]), /--joblog.*folder/);
      assert.ok(line.includes(folder), line);
      assert.deepEqual(jobsRun(), []);
      assert.equal(ws.gh.requests.length, 0, 'refused before any request, the pull request\'s lookup included');
    });

    it('no open pull request for the branch (no --pr): exit 2, one line naming --pr; nothing runs', async () => {
      await git(ws.repo, ['checkout', '--quiet', '-b', 'no-pr-here']);
      assertOneLine(await ws.prt(['run', '--exec', MARK]), /no open pull request .*"no-pr-here".*--pr/);
      const json = await ws.prt(['run', '--exec', MARK, '--json']);
      assert.equal(json.code, 2);
      assert.match(reportOf(json).error ?? '', /no-pr-here/);
      await git(ws.repo, ['checkout', '--quiet', '--detach']);
      assertOneLine(await ws.prt(['run', '--exec', MARK]), /HEAD is detached.*--pr/);
      assert.deepEqual(jobsRun(), []);
      assert.equal(ws.gh.requests.filter((q) => q.kind === 'mutation' || /reviewThreads/.test(q.query)).length, 0);
    });

    it('a GITHUB_TOKEN with a newline inside names GITHUB_TOKEN; no request is sent', async () => {
      const env = ws.env({ GITHUB_TOKEN: `${TOKEN}\nX-Injected: yes` });
      for (const args of [['threads'], ['run', '--exec', MARK]]) {
        const line = assertOneLine(await ws.prt(args, { env }), /GITHUB_TOKEN/);
        assert.match(line, /line break/);
        assert.ok(!line.includes('X-Injected'), line);
      }
      assert.equal(ws.gh.requests.length, 0);
      assert.deepEqual(jobsRun(), []);
    });

    it('an HTML page answered with 200: exit 2, one clear line, no "internal error"', async () => {
      ws.gh.faults.add({ rawBody: { contentType: 'text/html', text: '<!doctype html><html><body>Sign in to your proxy</body></html>' }, times: Infinity });
      for (const args of [['threads'], ['threads', '--json'], ['run', '--exec', MARK]]) {
        assertOneLine(await ws.prt(args), /HTML page.*--graphql-url/);
      }
      const r = await ws.prt(['run', '--exec', MARK, '--json']);
      assert.equal(r.code, 2);
      assert.match(reportOf(r).error ?? '', /HTML page/);
      assert.deepEqual(jobsRun(), []);
    });

    it('--content-rate that cannot be read names --content-rate', async () => {
      for (const bad of ['5', 'lots/min', '0/min', '80/min,x']) {
        assertOneLine(await ws.prt(['run', '--exec', MARK, '--content-rate', bad]), /--content-rate/);
      }
      assert.equal(ws.gh.requests.length, 0);
      assert.deepEqual(jobsRun(), []);
    });
  });

  it('prt threads --json | head -1 (stdout closed early): quiet, no stack trace', async () => {
    // More output than a pipe holds, so that prt is still writing when head goes away.
    const pr = ws.gh.store.getPullRequest({ owner: 'acme', name: 'app', number: 1 })!;
    for (let i = 0; i < 120; i++) {
      ws.gh.store.addThread({ owner: 'acme', name: 'app', number: pr.number }, { path: 'a.txt', line: 1, comments: [{ author: 'mona', body: `long ${i} ${'x'.repeat(4000)}` }] });
    }
    const stderrFile = path.join(ws.outside, 'stderr');
    const r = await new Promise<{ code: number | null; head: string }>((resolve, reject) => {
      const child = spawn('sh', ['-c', `"$NODE" "$CLI" threads --json 2>"$ERR" | head -1`], {
        cwd: ws.repo,
        env: { ...ws.env(), NODE: process.execPath, CLI: CLI_PATH, ERR: stderrFile },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let head = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (head += c));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, head }));
    });
    assert.equal(r.code, 0);
    assert.equal(r.head, '[\n');
    const stderr = await readFile(stderrFile, 'utf8');
    assert.equal(stderr, '', 'nothing on stderr');
  });

  describe('--commit without a git identity', () => {
    beforeEach(async () => {
      // No identity anywhere, and git may not make one up from the user name and host.
      await git(ws.repo, ['config', '--unset', 'user.name']);
      await git(ws.repo, ['config', '--unset', 'user.email']);
      await git(ws.repo, ['config', 'user.useConfigOnly', 'true']);
    });

    it('exit 2 before anything runs: no job, no GitHub request; --json still prints a report with error', async () => {
      const env = ws.env({ EMAIL: undefined, GIT_AUTHOR_NAME: undefined, GIT_COMMITTER_NAME: undefined });
      const r = await ws.prt(['run', '--exec', `${MARK}; echo fixed >> {path}`, '--commit', '--json'], { env });
      assert.equal(r.code, 2, r.stderr);
      const lines = linesOf(r.stderr);
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^prt: .*identity.*git config user\.name/);
      assert.match(reportOf(r).error ?? '', /identity/);
      assert.deepEqual(reportOf(r).threads, []);
      assert.deepEqual(jobsRun(), []);
      assert.equal(ws.gh.requests.length, 0, `requests: ${ws.gh.requests.map((q) => q.operationName).join(', ')}`);
      assert.equal(await git(ws.repo, ['rev-list', '--count', 'HEAD']), '1');
    });
  });

  it('prt run --json prints a report object with error on usage errors too', async () => {
    const cases: [string[], RegExp][] = [
      [['run', '--json', '--exec', MARK, '--workers', '0'], /--workers/],
      [['run', '--json'], /--exec|--apply-suggestions/],
      [['run', '--json', '--exec', MARK, '--frobnicate'], /--frobnicate/],
      [['run', '--json', '--exec', MARK, '--timeout', '600h'], /--timeout/],
      [['run', '--json', '--exec', MARK, '--content-rate', 'x'], /--content-rate/],
      [['run', '--json', '--exec', MARK, '--resume-failed'], /--joblog/],
    ];
    for (const [args, pattern] of cases) {
      const r = await ws.prt(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(errorLines(r).length, 1, r.stderr);
      const report = reportOf(r);
      assert.match(report.error ?? '', pattern);
      assert.deepEqual(report.threads, []);
    }
    assert.equal(ws.gh.requests.length, 0);
  });
});
