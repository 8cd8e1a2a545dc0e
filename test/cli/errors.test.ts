import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { linesOf, prtEnv, runPrt, type PrtResult } from './harness/prtProcess';
import { Workspace } from './harness/workspace';

const SECRET = 'ghp_TopSecretTokenValue1234567890';

/** Exit 2, exactly one `prt: …` line on stderr, nothing on stdout, no stack, no token. */
function assertOneLineError(r: PrtResult, pattern: RegExp): void {
  assert.equal(r.code, 2, `exit ${r.code}; stderr: ${r.stderr}`);
  const lines = linesOf(r.stderr);
  assert.equal(lines.length, 1, `stderr has ${lines.length} lines:\n${r.stderr}`);
  assert.match(lines[0], /^prt: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error|Error:/);
  assert.ok(!r.stderr.includes(SECRET) && !r.stdout.includes(SECRET), 'the token is never echoed');
  assert.equal(r.stdout, '');
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('prt errors: exit 2 with one clear line', () => {
  let ws: Workspace;
  before(async () => {
    ws = await Workspace.create();
    await ws.demo();
  });
  after(async () => {
    await ws.dispose();
  });
  beforeEach(() => ws.gh.resetLog());

  const withSecret = () => ws.env({ GITHUB_TOKEN: SECRET });

  it('no token at all (no GITHUB_TOKEN, no GH_TOKEN, no gh on PATH) says how to sign in', async () => {
    const r = await runPrt(['threads'], { cwd: ws.repo, env: prtEnv(undefined, ws.home, { GITHUB_GRAPHQL_URL: ws.gh.url }) });
    assertOneLineError(r, /GITHUB_TOKEN.*GH_TOKEN.*gh auth login/);
    assert.equal(ws.gh.requests.length, 0);
  });

  it('an empty GITHUB_TOKEN falls back to GH_TOKEN', async () => {
    const r = await runPrt(['threads', '--json'], { cwd: ws.repo, env: prtEnv(undefined, ws.home, { GITHUB_GRAPHQL_URL: ws.gh.url, GITHUB_TOKEN: '', GH_TOKEN: ws.gh.token }) });
    assert.equal(r.code, 0, r.stderr);
  });

  it('bad credentials name the fix and never the token', async () => {
    assertOneLineError(await ws.prt(['threads'], { env: withSecret() }), /401|credentials|token/i);
    assertOneLineError(await ws.prt(['run', '--exec', 'true'], { env: withSecret() }), /401|credentials|token/i);
  });

  it('an unknown pull request', async () => {
    assertOneLineError(await ws.prt(['threads', '--pr', '999']), /999/);
  });

  it('an unknown repository', async () => {
    assertOneLineError(await ws.prt(['threads', '--repo', 'nobody/nothing', '--pr', '1']), /nobody\/nothing/);
  });

  it('no PR has the current branch as head', async () => {
    ws.gh.store.addPullRequest({ owner: 'acme', name: 'other' }, { number: 1, headRefName: 'some-other-branch' });
    const r = await ws.prt(['threads', '--repo', 'acme/other']);
    assertOneLineError(r, /feature\/retry-budget.*--pr/);
  });

  it('not a git repository and no --repo', async () => {
    assertOneLineError(await ws.prt(['threads'], { cwd: ws.outside }), /not inside a git repository.*--repo/);
  });

  it('a network that cannot be reached (a closed port)', async () => {
    const port = await closedPort();
    const r = await ws.prt(['threads', '--graphql-url', `http://127.0.0.1:${port}/graphql`], { env: withSecret() });
    assertOneLineError(r, /reach|ECONNREFUSED|network/i);
  });

  const usage: [string, string[], RegExp][] = [
    ['--workers abc', ['plan', '--workers', 'abc'], /--workers/],
    ['--workers 0', ['run', '--exec', 'true', '--workers', '0'], /--workers/],
    ['an unknown option', ['run', '--exec', 'true', '--frobnicate'], /--frobnicate/],
    ['an unknown command', ['frobnicate'], /frobnicate/],
    ['--halt bogus', ['run', '--exec', 'true', '--halt', 'bogus'], /halt|bogus/],
    ['--timeout xyz', ['run', '--exec', 'true', '--timeout', 'xyz'], /timeout|xyz/],
    ['--jobs -1', ['run', '--exec', 'true', '--jobs', '-1'], /--jobs/],
    ['--retries x', ['run', '--exec', 'true', '--retries', 'x'], /--retries/],
    ['--push without --commit', ['run', '--exec', 'true', '--push'], /--push.*--commit/],
    ['{sha} in --reply without --commit', ['run', '--exec', 'true', '--reply', 'Fixed in {sha}'], /\{sha\}.*--commit/],
    ['nothing to run', ['run'], /--exec|--apply-suggestions/],
    ['--resume-failed without --joblog', ['run', '--exec', 'true', '--resume-failed'], /--joblog/],
    ['--strategy bogus', ['plan', '--strategy', 'bogus'], /bogus|strategy/],
    ['--pr abc', ['threads', '--pr', 'abc'], /--pr/],
    ['resolve without --thread', ['resolve'], /--thread/],
  ];
  for (const [what, args, pattern] of usage) {
    it(`${what}: refused before any request`, async () => {
      assertOneLineError(await ws.prt(args, { env: withSecret() }), pattern);
      assert.equal(ws.gh.requests.length, 0);
    });
  }

  it('no arguments, --help and help print the usage with exit 0', async () => {
    for (const args of [[], ['--help'], ['-h'], ['help']]) {
      const r = await ws.prt(args);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^usage: prt <command>/);
      for (const c of ['threads', 'plan', 'run', 'resolve']) assert.match(r.stdout, new RegExp(`^ {2}${c} `, 'm'));
      assert.equal(r.stderr, '');
    }
    const run = await ws.prt(['run', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^usage: prt run .*--exec CMD/);
    assert.equal(ws.gh.requests.length, 0);
  });
});
