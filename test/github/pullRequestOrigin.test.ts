import * as assert from 'node:assert/strict';
import { post } from './testClient';
import { seedPullRequest } from './scenarios';
import { startTestGitHub, type TestGitHub } from './testGitHub';

// The test GitHub as the Action's plan and integrate jobs read it: a pull request's head
// repository (a fork's, or the base's own) and a comment on the pull request's conversation.

const ORIGIN = `query($number: Int!) { repository(owner: "acme", name: "app") { pullRequest(number: $number) {
  id isCrossRepository headRefName headRepository { nameWithOwner owner { login } } } } }`;
const ADD = `mutation($id: ID!, $body: String!) { addComment(input: { subjectId: $id, body: $body }) { commentEdge { node { url body } } } }`;

describe('test GitHub: fork heads and pull request conversation comments', () => {
  let gh: TestGitHub;
  beforeEach(async () => {
    gh = await startTestGitHub();
  });
  afterEach(async () => {
    await gh.close();
  });

  it('answers isCrossRepository and the head repository: the base\'s own, or a fork\'s', async () => {
    seedPullRequest(gh.store, { owner: 'acme', name: 'app', number: 1, files: { 'a.txt': 'a\n' } });
    const fork = seedPullRequest(gh.store, { owner: 'acme', name: 'app', number: 2, files: { 'a.txt': 'a\n' } });
    fork.headRepository = { owner: 'stranger', name: 'app' };
    const own = await post(gh, ORIGIN, { number: 1 });
    assert.deepEqual((own.json.data as { repository: { pullRequest: object } }).repository.pullRequest, {
      id: (own.json.data as { repository: { pullRequest: { id: string } } }).repository.pullRequest.id,
      isCrossRepository: false,
      headRefName: 'feature/x',
      headRepository: { nameWithOwner: 'acme/app', owner: { login: 'acme' } },
    });
    const forked = (await post(gh, ORIGIN, { number: 2 })).json.data as { repository: { pullRequest: { isCrossRepository: boolean; headRepository: { nameWithOwner: string } } } };
    assert.equal(forked.repository.pullRequest.isCrossRepository, true);
    assert.equal(forked.repository.pullRequest.headRepository.nameWithOwner, 'stranger/app');
  });

  it('adds a comment to a pull request\'s conversation as the viewer, and refuses a blank one or another subject', async () => {
    const pr = seedPullRequest(gh.store, { owner: 'acme', name: 'app', number: 1, files: { 'a.txt': 'a\n' } });
    const r = await post(gh, ADD, { id: pr.id, body: 'Done: 3 resolved' });
    const node = (r.json.data as { addComment: { commentEdge: { node: { url: string; body: string } } } }).addComment.commentEdge.node;
    assert.equal(node.body, 'Done: 3 resolved');
    assert.match(node.url, /^https:\/\/github\.com\/acme\/app\/pull\/1#issuecomment-\d+$/);
    assert.deepEqual(pr.issueComments?.map((c) => [c.body, c.url]), [['Done: 3 resolved', node.url]]);
    const blank = await post(gh, ADD, { id: pr.id, body: '  ' });
    assert.equal(blank.json.errors?.[0].type, 'UNPROCESSABLE');
    const missing = await post(gh, ADD, { id: 'PR_nope', body: 'x' });
    assert.equal(missing.json.errors?.[0].type, 'NOT_FOUND');
    assert.equal(pr.issueComments?.length, 1);
  });
});
