import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CancellationError, UserFacingError } from '../../../src/common/errors';
import type { CommandOptions, CommandResult } from '../../../src/engine/fix/command';
import type { Held, PullRequestKey, PullRequestThreads, ThreadSource, ThreadWriteItem, ThreadWriteOptions, ThreadWriter, ThreadWriteResult, Vcs } from '../../../src/engine/ports';
import { HALT_NEVER } from '../../../src/model/haltPolicy';
import type { RunOptions } from '../../../src/model/options';
import type { ReviewThread } from '../../../src/model/thread';
import { executeRun } from '../../../src/pipeline/executeRun';
import type { RunReport } from '../../../src/pipeline/report';
import { Run } from '../../../src/pipeline/run';
import type { RunInput } from '../../../src/pipeline/runInput';

/** A review host in memory: threads to read, and what writes did to them. */
export class FakeGitHub implements ThreadSource, ThreadWriter {
  readonly requestCounts = { queries: 0, mutations: 0 };
  readonly resolved = new Set<string>();
  readonly replies = new Map<string, string[]>();
  /** Thrown by the next write (a fatal error such as a refused token). */
  failWritesWith: Error | undefined;
  /** Per-thread refusals the writer reports. */
  readonly refuse = new Map<string, string>();
  readonly written: ThreadWriteItem[][] = [];

  constructor(public threads: ReviewThread[]) {}

  async fetchThreads(pr: PullRequestKey, options: { signal?: AbortSignal } = {}): Promise<PullRequestThreads> {
    if (options.signal?.aborted) throw new CancellationError();
    this.requestCounts.queries++;
    return { pullRequest: { ...pr, title: 'Test PR' }, threads: this.threads.filter((t) => !this.resolved.has(t.id)) };
  }

  async write(items: readonly ThreadWriteItem[], options: ThreadWriteOptions = {}): Promise<ThreadWriteResult[]> {
    this.written.push([...items]);
    if (this.failWritesWith) throw this.failWritesWith;
    this.requestCounts.mutations++;
    return items.map((item) => {
      const refused = this.refuse.get(item.threadId);
      const result: ThreadWriteResult = refused
        ? { threadId: item.threadId, replied: false, resolved: false, ok: false, error: refused }
        : { threadId: item.threadId, replied: item.reply !== undefined, resolved: item.resolve, ok: true };
      if (!refused) {
        if (item.reply !== undefined) this.replies.set(item.threadId, [...(this.replies.get(item.threadId) ?? []), item.reply]);
        if (item.resolve) this.resolved.add(item.threadId);
      }
      options.onDidWrite?.(result);
      return result;
    });
  }
}

/** A repository in memory: what it was asked to do, and faults to inject. */
export class FakeVcs implements Vcs {
  readonly root: string;
  readonly state: string;
  readonly calls: string[] = [];
  dirty: string[] = [];
  identity = true;
  branch: string | undefined = 'feature/x';
  commitSha: string | undefined = 'c0ffee0000000000000000000000000000000000';
  commitError: string | undefined;
  /** The push never ends by itself: only the signal or the timeout ends it. */
  pushHangs = false;
  pushError: string | undefined;
  lockedBy: number | undefined;

  constructor() {
    this.root = mkdtempSync(path.join(tmpdir(), 'prt-fake-vcs-'));
    this.state = path.join(this.root, '.state');
  }

  async lockRun(): Promise<Held> {
    this.calls.push('lock');
    if (this.lockedBy !== undefined) throw new UserFacingError(`another prt run (pid ${this.lockedBy}) is working on this repository`);
    return { release: async () => void this.calls.push('unlock') };
  }
  async dirtyPaths(): Promise<string[]> {
    this.calls.push('status');
    return this.dirty;
  }
  async checkCommitIdentity(): Promise<void> {
    this.calls.push('identity');
    if (!this.identity) throw new UserFacingError('git has no identity to commit the fixes with: run git config user.name …');
  }
  async currentBranch(): Promise<string | undefined> {
    return this.branch;
  }
  async commitAll(): Promise<string | undefined> {
    this.calls.push('commit');
    if (this.commitError) throw new UserFacingError(this.commitError);
    return this.commitSha;
  }
  async push(options: { signal?: AbortSignal; timeoutMs: number }): Promise<void> {
    this.calls.push('push');
    if (this.pushError) throw new UserFacingError(this.pushError);
    if (this.pushHangs) {
      await new Promise<void>((_resolve, reject) => {
        if (options.signal?.aborted) reject(new CancellationError());
        options.signal?.addEventListener('abort', () => reject(new CancellationError()), { once: true });
      });
    }
  }
  async stateDir(): Promise<string> {
    return this.state;
  }
  head = 'base';
  async headCommit(): Promise<string> {
    return this.head;
  }
  async checkoutTree(from: string, to: string): Promise<void> {
    this.calls.push(`checkout ${from}..${to}`);
  }
  async commitTree(commit: string, message: string): Promise<string> {
    this.calls.push(`commitTree ${commit} ${message.split('\n')[0]}`);
    if (this.commitError) throw new UserFacingError(this.commitError);
    this.head = `final-${commit}`;
    return this.head;
  }
  async resetTo(commit: string): Promise<void> {
    this.calls.push(`reset ${commit}`);
    this.head = commit;
  }
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A command runner that never starts a process: each command's outcome is scripted. */
export function fakeRunner(outcome: (o: Readonly<CommandOptions>) => Partial<CommandResult> = () => ({})) {
  const ran: Readonly<CommandOptions>[] = [];
  const run = async (o: Readonly<CommandOptions>): Promise<CommandResult> => {
    ran.push(o);
    return { exitCode: 0, signal: null, output: '', durationMs: 1, aborted: false, ...outcome(o) };
  };
  return { run, ran };
}

export const BASE_OPTIONS: RunOptions = {
  workers: 2,
  strategy: 'by-file',
  maxConcurrency: 2,
  command: 'fix-it',
  applySuggestions: false,
  replyTemplate: 'Fixed ✓',
  resolve: true,
  retries: 0,
  retryDelayMs: 0,
  halt: HALT_NEVER,
  commit: 'off',
  isolation: 'none',
  review: false,
  push: false,
  pushTimeoutMs: 1000,
  dryRun: false,
  resumeFailed: false,
};

/** Runs the pipeline over the fakes; the Run is returned for the test to read. */
export async function runWith(
  parts: { github: FakeGitHub; vcs: FakeVcs; runner?: ReturnType<typeof fakeRunner>; input?: Partial<RunInput> },
  options: Partial<RunOptions> = {},
  signal?: AbortSignal,
): Promise<{ report: RunReport; run: Run }> {
  const run = new Run();
  const runner = parts.runner ?? fakeRunner();
  const report = await executeRun(
    run,
    { pr: { owner: 'acme', repo: 'widgets', number: 1 }, source: parts.github, writer: parts.github, vcs: parts.vcs, runCommand: runner.run, baseEnv: {}, ...parts.input },
    { ...BASE_OPTIONS, ...options },
    signal,
  );
  return { report, run };
}
