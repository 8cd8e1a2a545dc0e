import * as assert from 'node:assert/strict';
import { parse, validate } from 'graphql';
import { OPEN_PULL_REQUESTS, PULL_REQUEST, PULL_REQUEST_THREADS, PULL_REQUESTS_FOR_BRANCH, REVIEW_THREADS_STATE, replyAndResolveMutation, threadCommentsPages } from '../../../src/github/queries';
import { githubSchema } from '../../github/githubSchema';

describe('GraphQL documents', () => {
  const documents: Record<string, string> = {
    PULL_REQUEST_THREADS,
    PULL_REQUEST,
    PULL_REQUESTS_FOR_BRANCH,
    OPEN_PULL_REQUESTS,
    REVIEW_THREADS_STATE,
    'threadCommentsPages(1)': threadCommentsPages(1),
    'threadCommentsPages(10)': threadCommentsPages(10),
    'replyAndResolveMutation(mixed)': replyAndResolveMutation([
      { reply: true, resolve: true },
      { reply: false, resolve: true },
      { reply: true, resolve: false },
    ]),
  };
  for (const [name, text] of Object.entries(documents)) {
    it(`${name} is a named operation valid against GitHub's schema`, () => {
      const doc = parse(text);
      assert.deepEqual(validate(githubSchema(), doc).map((e) => e.message), []);
      const ops = doc.definitions.filter((d) => d.kind === 'OperationDefinition');
      assert.equal(ops.length, 1);
      assert.ok(ops[0].kind === 'OperationDefinition' && ops[0].name?.value);
    });
  }

  it('puts the thread fields in one shared fragment', () => {
    assert.match(PULL_REQUEST_THREADS, /fragment ReviewThreadFields on PullRequestReviewThread/);
    for (const field of ['path', 'originalStartLine', 'diffSide', 'isOutdated', 'viewerCanReply', 'diffHunk', 'totalCount']) {
      assert.ok(PULL_REQUEST_THREADS.includes(field), field);
    }
  });
});
