// Shared by the GitHub client suites: a client aimed at the test GitHub, a recording
// sleep, and a check that every request the server saw was valid GraphQL.
import * as assert from 'node:assert/strict';
import { Kind, parse, validate, visit } from 'graphql';
import { GitHubClient, type GitHubClientOptions } from '../../../src/github/client';
import { githubSchema } from '../../github/githubSchema';
import type { TestGitHub } from '../../github/testGitHub';

/** A sleep that records each wait and returns at once, with what the server had seen by then. */
export function recordingSleep(gh?: TestGitHub): {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  waits: { ms: number; requestsSeen: number }[];
} {
  const waits: { ms: number; requestsSeen: number }[] = [];
  return {
    waits,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      waits.push({ ms, requestsSeen: gh?.requests.length ?? 0 });
    },
  };
}

export function newClient(gh: TestGitHub, options: Partial<GitHubClientOptions> = {}): GitHubClient {
  return new GitHubClient({ token: gh.token, graphqlUrl: gh.url, retryBaseDelayMs: 1, ...options });
}

/** Asserts every recorded request parses, validates against GitHub's schema and asks for at most 100 nodes. */
export function assertAllRequestsValid(gh: TestGitHub): void {
  assert.ok(gh.requests.length > 0, 'no request was recorded');
  for (const r of gh.requests) {
    assert.notEqual(r.kind, 'invalid', `invalid request: ${r.query}`);
    const doc = parse(r.query);
    const errors = validate(githubSchema(), doc);
    assert.deepEqual(errors.map((e) => e.message), [], `${r.operationName} does not validate`);
    visit(doc, {
      Argument(node) {
        if (node.name.value !== 'first' && node.name.value !== 'last') return;
        const value =
          node.value.kind === Kind.INT
            ? Number(node.value.value)
            : node.value.kind === Kind.VARIABLE
              ? Number(r.variables[node.value.name.value])
              : NaN;
        assert.ok(value >= 1 && value <= 100, `${r.operationName} asks ${node.name.value}: ${value}`);
      },
    });
  }
}
