// Shared by the GitHub client suites: a client aimed at the test GitHub, a recording
// sleep, a fake clock and manual timers, and a check that every request the server saw
// was valid GraphQL.
import * as assert from 'node:assert/strict';
import { Kind, parse, validate, visit } from 'graphql';
import { throwIfAborted } from '../../../src/common/abort';
import { toDisposable, type IDisposable } from '../../../src/common/lifecycle';
import { GitHubClient, type GitHubClientOptions } from '../../../src/github/client';
import type { Clock } from '../../../src/github/clock';
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

/**
 * A clock that moves only when slept on: each sleep is recorded (with what the server had
 * seen by then) and moves the time on at once. Nothing a test asserts depends on how fast
 * the machine is.
 */
export class FakeClock implements Clock {
  readonly sleeps: { ms: number; at: number; requestsSeen: number }[] = [];
  constructor(
    private readonly _gh?: TestGitHub,
    public time = Date.parse('2024-05-06T09:00:00Z'),
  ) {}

  readonly now = (): number => this.time;

  readonly sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    throwIfAborted(signal);
    this.sleeps.push({ ms, at: this.time, requestsSeen: this._gh?.requests.length ?? 0 });
    this.time += ms;
  };
}

/** A client whose waits and rate-limit arithmetic run on `clock`, and whose timeouts the test fires. */
export function clientOn(gh: TestGitHub, clock: FakeClock, options: Partial<GitHubClientOptions> = {}): { client: GitHubClient; timers: ManualTimers } {
  const timers = new ManualTimers();
  const client = newClient(gh, { sleep: clock.sleep, now: clock.now, startTimer: timers.start, ...options });
  return { client, timers };
}

/** Timers that fire only when the test says so. */
export class ManualTimers {
  readonly pending = new Set<{ fire: () => void; ms: number }>();

  readonly start = (fire: () => void, ms: number): IDisposable => {
    const timer = { fire, ms };
    this.pending.add(timer);
    return toDisposable(() => this.pending.delete(timer));
  };

  /** Fires every pending timer. */
  fireAll(): void {
    for (const t of [...this.pending]) {
      this.pending.delete(t);
      t.fire();
    }
  }
}

/** Polls `cond` on the event loop: only ordering matters, never how long it takes. */
export async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}
