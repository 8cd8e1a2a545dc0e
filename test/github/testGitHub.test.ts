import * as assert from 'node:assert/strict';
import { addSimpleThread, seedPullRequest } from './scenarios';
import { post } from './testClient';
import { startTestGitHub, type TestGitHub } from './testGitHub';

describe('test GitHub: requests, auth and errors', () => {
  let gh: TestGitHub;

  beforeEach(async () => {
    gh = await startTestGitHub();
  });

  afterEach(async () => {
    await gh.close();
  });

  it('answers the viewer and the rate limit with GitHub headers', async () => {
    const first = await post(gh, '{ viewer { login } rateLimit { cost limit remaining used resetAt } }');
    assert.equal(first.status, 200);
    assert.deepEqual(first.json.data?.viewer, { login: 'octo-dev' });
    const rate = first.json.data?.rateLimit as { cost: number; limit: number; remaining: number; used: number; resetAt: string };
    assert.equal(rate.cost, 1);
    assert.equal(rate.limit, 5000);
    assert.ok(!Number.isNaN(Date.parse(rate.resetAt)));
    assert.equal(first.headers.get('x-ratelimit-resource'), 'graphql');
    assert.equal(first.headers.get('x-ratelimit-limit'), '5000');
    assert.match(first.headers.get('x-ratelimit-reset') ?? '', /^\d+$/);
    const second = await post(gh, '{ viewer { login } }');
    assert.equal(Number(second.headers.get('x-ratelimit-remaining')), Number(first.headers.get('x-ratelimit-remaining')) - 1);
    assert.equal(Number(second.headers.get('x-ratelimit-used')), Number(first.headers.get('x-ratelimit-used')) + 1);
  });

  it('uses the configured viewer and token', async () => {
    const other = await startTestGitHub({ token: 'ghp_other', viewerLogin: 'someone' });
    try {
      const res = await post(other, '{ viewer { login } }');
      assert.deepEqual(res.json.data?.viewer, { login: 'someone' });
      assert.equal((await post(other, '{ viewer { login } }', {}, { token: 'test-token' })).status, 401);
    } finally {
      await other.close();
    }
  });

  it('rejects a field the schema does not have, with no data, as GitHub does', async () => {
    const res = await post(gh, '{ viewer { login favouriteColour } }');
    assert.equal(res.status, 200);
    assert.equal(res.json.data, undefined);
    assert.equal(res.json.errors?.length, 1);
    assert.equal(res.json.errors?.[0].extensions?.code, 'undefinedField');
    assert.match(res.json.errors?.[0].message ?? '', /favouriteColour/);
    assert.ok(res.json.errors?.[0].locations);
  });

  it('rejects bad arguments and wrong variable types', async () => {
    const badArg = await post(gh, '{ repository(owner: "a", name: "b", color: 1) { id } }');
    assert.equal(badArg.json.errors?.[0].extensions?.code, 'argumentNotAccepted');
    const missing = await post(gh, '{ repository(owner: "a") { id } }');
    assert.equal(missing.json.errors?.[0].extensions?.code, 'missingRequiredArguments');
    const wrongType = await post(gh, 'query($n: Int!) { repository(owner: "a", name: "b") { pullRequest(number: $n) { id } } }', { n: 'x' });
    assert.equal(wrongType.status, 200);
    assert.equal(wrongType.json.data, undefined);
    assert.match(wrongType.json.errors?.[0].message ?? '', /\$n/);
  });

  it('answers a query that does not parse with errors and logs it as invalid', async () => {
    const res = await post(gh, '{ viewer { login ');
    assert.equal(res.status, 200);
    assert.equal(res.json.data, undefined);
    assert.ok(res.json.errors?.[0].locations);
    assert.equal(gh.requests[0].kind, 'invalid');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await post(gh, '', {}, { rawBody: '{"query": ' });
    assert.equal(res.status, 400);
    assert.equal(res.json.message, 'Problems parsing JSON');
    assert.equal(gh.requests[0].status, 400);
  });

  it('answers 401 Bad credentials for a wrong, missing or malformed token, and accepts both schemes', async () => {
    for (const opts of [{ token: 'wrong' }, { token: null }, { token: 'test-token', scheme: 'basic' }]) {
      const res = await post(gh, '{ viewer { login } }', {}, opts);
      assert.equal(res.status, 401, JSON.stringify(opts));
      assert.deepEqual(res.json, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' });
      assert.ok(res.headers.get('x-ratelimit-remaining'));
    }
    for (const scheme of ['bearer', 'Bearer', 'token', 'TOKEN']) {
      assert.equal((await post(gh, '{ viewer { login } }', {}, { scheme })).status, 200, scheme);
    }
    assert.deepEqual(
      gh.requests.map((r) => r.status),
      [401, 401, 401, 200, 200, 200, 200],
    );
  });

  it('answers NOT_FOUND like GitHub for a repository, a pull request and node ids', async () => {
    seedPullRequest(gh.store, { owner: 'acme', name: 'app', number: 1 });
    const repo = await post(gh, '{ repository(owner: "acme", name: "nope") { id } }');
    assert.deepEqual(repo.json.data, { repository: null });
    assert.equal(repo.json.errors?.[0].type, 'NOT_FOUND');
    assert.deepEqual(repo.json.errors?.[0].path, ['repository']);
    assert.equal(repo.json.errors?.[0].message, "Could not resolve to a Repository with the name 'acme/nope'.");

    const pr = await post(gh, '{ repository(owner: "ACME", name: "App") { pullRequest(number: 9) { id } } }');
    assert.deepEqual(pr.json.data, { repository: { pullRequest: null } });
    assert.equal(pr.json.errors?.[0].type, 'NOT_FOUND');
    assert.deepEqual(pr.json.errors?.[0].path, ['repository', 'pullRequest']);
    assert.equal(pr.json.errors?.[0].message, 'Could not resolve to a PullRequest with the number of 9.');

    const node = await post(gh, '{ node(id: "PRRT_missing") { id } }');
    assert.deepEqual(node.json.data, { node: null });
    assert.equal(node.json.errors?.[0].message, "Could not resolve to a node with the global id of 'PRRT_missing'");
    assert.equal(node.json.errors?.[0].type, 'NOT_FOUND');
  });

  it('resolves node and nodes for threads, pull requests and comments', async () => {
    const pr = seedPullRequest(gh.store);
    const t = addSimpleThread(gh.store, pr, { path: 'a.ts', line: 3, body: 'fix', replies: [['octo-dev', 'ok']] });
    const res = await post(
      gh,
      `query($ids: [ID!]!) { nodes(ids: $ids) {
        __typename id
        ... on PullRequestReviewThread { path line isResolved }
        ... on PullRequest { number }
        ... on PullRequestReviewComment { body replyTo { id } }
      } }`,
      { ids: [t.id, pr.id, 'nope', t.comments[1].id] },
    );
    const nodes = res.json.data?.nodes as Record<string, unknown>[];
    assert.deepEqual(nodes[0], { __typename: 'PullRequestReviewThread', id: t.id, path: 'a.ts', line: 3, isResolved: false });
    assert.deepEqual(nodes[1], { __typename: 'PullRequest', id: pr.id, number: 1 });
    assert.equal(nodes[2], null);
    assert.deepEqual(nodes[3], { __typename: 'PullRequestReviewComment', id: t.comments[1].id, body: 'ok', replyTo: { id: t.comments[0].id } });
    assert.deepEqual(res.json.errors?.map((e) => [e.type, e.path]), [['NOT_FOUND', ['nodes', 2]]]);
  });

  it('serves the pull request, thread and comment fields the clients read', async () => {
    const pr = seedPullRequest(gh.store, { files: { 'src/a.ts': 'one\ntwo\nthree\n' } });
    addSimpleThread(gh.store, pr, { path: 'src/a.ts', line: 3, startLine: 2, body: '**Please** fix', author: 'coderabbitai[bot]' });
    addSimpleThread(gh.store, pr, { path: 'src/a.ts', line: 1, body: 'gone', author: null, isResolved: true });
    const res = await post(
      gh,
      `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {
        id name nameWithOwner url owner { login }
        pullRequests(first: 5, states: [OPEN], headRefName: "feature/x") { totalCount nodes { number } }
        pullRequest(number: 1) {
          id number title url state isDraft headRefName headRefOid baseRefName author { login } repository { nameWithOwner }
          createdAt updatedAt
          reviewThreads(first: 10) { nodes {
            id path line startLine originalLine originalStartLine diffSide startDiffSide isOutdated isResolved isCollapsed
            viewerCanResolve viewerCanUnresolve viewerCanReply resolvedBy { login } pullRequest { number }
            comments(first: 10) { nodes { id databaseId body bodyText author { __typename login } createdAt updatedAt url path diffHunk line originalLine outdated pullRequest { number } } }
          } }
        }
      } }`,
      { owner: 'acme', name: 'app' },
    );
    assert.equal(res.json.errors, undefined, JSON.stringify(res.json.errors));
    const repo = res.json.data?.repository as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(repo.nameWithOwner, 'acme/app');
    assert.equal(repo.url, 'https://github.com/acme/app');
    assert.match(repo.id, /^R_/);
    assert.deepEqual(repo.pullRequests, { totalCount: 1, nodes: [{ number: 1 }] });
    const p = repo.pullRequest;
    assert.match(p.id, /^PR_/);
    assert.equal(p.url, 'https://github.com/acme/app/pull/1');
    assert.equal(p.state, 'OPEN');
    assert.match(p.headRefOid, /^[0-9a-f]{40}$/);
    const [open, done] = p.reviewThreads.nodes;
    assert.match(open.id, /^PRRT_/);
    assert.equal(open.startLine, 2);
    assert.equal(open.startDiffSide, 'RIGHT');
    assert.equal(open.viewerCanResolve, true);
    assert.equal(open.viewerCanUnresolve, false);
    const c = open.comments.nodes[0];
    assert.match(c.id, /^PRRC_/);
    assert.deepEqual(c.author, { __typename: 'Bot', login: 'coderabbitai' });
    assert.equal(c.url, `https://github.com/acme/app/pull/1#discussion_r${c.databaseId}`);
    assert.equal(c.bodyText, 'Please fix');
    assert.equal(c.diffHunk, '@@ -1,1 +1,3 @@\n one\n+two\n+three');
    assert.equal(done.isResolved, true);
    assert.equal(done.isCollapsed, true);
    assert.equal(done.viewerCanResolve, false);
    assert.equal(done.viewerCanUnresolve, true);
    assert.deepEqual(done.resolvedBy, { login: 'octo-dev' });
    assert.equal(done.comments.nodes[0].author, null, 'a deleted account is a null author');
  });

  it('reports a schema field the server does not implement instead of inventing data', async () => {
    const res = await post(gh, '{ viewer { login company } }');
    assert.deepEqual(res.json.data, { viewer: { login: 'octo-dev', company: null } });
    assert.equal(res.json.errors?.[0].message, 'not implemented in the test GitHub: User.company');
    assert.deepEqual(res.json.errors?.[0].path, ['viewer', 'company']);
  });

  it('logs every request in order with kind, operation name and top-level field count', async () => {
    await post(gh, 'query Viewer { viewer { login } }');
    await post(gh, 'query Two { a: viewer { login } b: viewer { login } ...F } fragment F on Query { rateLimit { cost } }');
    await post(gh, 'mutation M { r0: resolveReviewThread(input: {threadId: "x"}) { thread { id } } }');
    await post(gh, 'query A { viewer { login } } query B { rateLimit { cost } }', {}, { operationName: 'B' });
    await post(gh, '{ viewer { login } }', {}, { token: 'bad' });
    assert.deepEqual(
      gh.requests.map((r) => [r.kind, r.operationName, r.topLevelFields, r.status]),
      [
        ['query', 'Viewer', 1, 200],
        ['query', 'Two', 3, 200],
        ['mutation', 'M', 1, 200],
        ['query', 'B', 1, 200],
        ['query', undefined, 1, 401],
      ],
    );
    assert.ok(gh.requests.every((r, i) => i === 0 || r.at >= gh.requests[i - 1].at));
    assert.equal(gh.requests[0].query, 'query Viewer { viewer { login } }');
    gh.resetLog();
    assert.equal(gh.requests.length, 0);
  });

  it('accepts the GitHub Enterprise path and 404s any other', async () => {
    const ghes = await fetch(gh.url.replace('/graphql', '/api/graphql'), {
      method: 'POST',
      headers: { authorization: 'bearer test-token' },
      body: JSON.stringify({ query: '{ viewer { login } }' }),
    });
    assert.equal(ghes.status, 200);
    const other = await fetch(gh.url.replace('/graphql', '/repos'), { headers: { authorization: 'bearer test-token' } });
    assert.equal(other.status, 404);
    await other.text();
    assert.equal(gh.requests.length, 1);
  });

  it('works with @octokit/graphql, which reports field errors as thrown errors', async () => {
    const { graphql } = await import('@octokit/graphql'); // ESM-only: esbuild bundles it
    const pr = seedPullRequest(gh.store);
    addSimpleThread(gh.store, pr, { path: 'x.ts', line: 1, body: 'hi' });
    const client = graphql.defaults({ baseUrl: gh.url.replace(/\/graphql$/, ''), headers: { authorization: `token ${gh.token}` } });
    const data = await client<{ repository: { pullRequest: { reviewThreads: { totalCount: number } } } }>(
      'query($owner: String!, $name: String!, $n: Int!) { repository(owner: $owner, name: $name) { pullRequest(number: $n) { reviewThreads(first: 100) { totalCount } } } }',
      { owner: 'acme', name: 'app', n: 1 },
    );
    assert.equal(data.repository.pullRequest.reviewThreads.totalCount, 1);
    await assert.rejects(
      client('{ repository(owner: "acme", name: "zzz") { id } }'),
      (e: { errors?: { type?: string }[] }) => e.errors?.[0]?.type === 'NOT_FOUND',
    );
    const anonymous = graphql.defaults({ baseUrl: gh.url.replace(/\/graphql$/, ''), headers: { authorization: 'token nope' } });
    await assert.rejects(anonymous('{ viewer { login } }'), (e: { status?: number }) => e.status === 401);
  });
});
