import type { GitHubStore } from './store';
import type { NewThread, StoredPullRequest, StoredThread } from './storeModel';

/** A pull request seeded by a scenario, with its threads grouped for assertions. */
export interface SeededPullRequest {
  readonly pullRequest: StoredPullRequest;
  /** All threads, in GitHub's order. */
  readonly threads: StoredThread[];
  readonly unresolved: StoredThread[];
  readonly resolved: StoredThread[];
  /** Unresolved threads whose code changed since (line null). */
  readonly outdated: StoredThread[];
  /** The thread whose comments need paging, when asked for. */
  readonly longThread?: StoredThread;
}

export interface BigPullRequestOptions {
  owner: string;
  name: string;
  number: number;
  /** Total threads, resolved and outdated ones included; default 250. */
  threads?: number;
  /** One unresolved thread with this many comments (paged past 100). */
  longThread?: { comments: number };
  /** Unresolved outdated threads; default 5. */
  outdated?: number;
  /** Already resolved threads; default 10. */
  resolved?: number;
  /** Files the threads are spread over; default 25. */
  files?: number;
  headRefName?: string;
}

const REVIEWERS = ['mona', 'jsmith', 'coderabbitai[bot]', 'priya-k'];
const LINES_PER_FILE = 60;

/**
 * A large pull request for paging and load tests: `threads` threads round-robin over
 * `files` generated files, `resolved` of them resolved and `outdated` of the rest
 * outdated, all spread evenly, plus an optional long conversation on thread 1.
 */
export function seedBigPullRequest(store: GitHubStore, opts: BigPullRequestOptions): SeededPullRequest {
  const total = opts.threads ?? 250;
  const fileCount = Math.max(1, opts.files ?? 25);
  const resolvedCount = Math.min(opts.resolved ?? 10, Math.max(0, total - 1));
  const outdatedCount = Math.min(opts.outdated ?? 5, Math.max(0, total - 1 - resolvedCount));
  const paths = Array.from({ length: fileCount }, (_, i) => `src/module${String(i + 1).padStart(2, '0')}.ts`);
  const files = Object.fromEntries(paths.map((p, i) => [p, numberedFile(`module${i + 1}`, LINES_PER_FILE)]));
  const pullRequest = store.addPullRequest(opts, {
    number: opts.number,
    title: `Refactor ${fileCount} modules`,
    headRefName: opts.headRefName ?? 'feature/big-refactor',
    files,
  });

  // Thread 1 carries the long conversation and stays plain; the resolved and outdated
  // groups are picked among the others and never overlap.
  const candidates = Array.from({ length: total }, (_, i) => i).filter((i) => i !== 1);
  const resolvedAt = new Set(spread(resolvedCount, candidates.length, 0).map((k) => candidates[k]));
  const rest = candidates.filter((i) => !resolvedAt.has(i));
  const outdatedAt = new Set(spread(outdatedCount, rest.length, 0.5).map((k) => rest[k]));

  const threads: StoredThread[] = [];
  for (let i = 0; i < total; i++) {
    const path = paths[i % fileCount];
    const line = (Math.floor(i / fileCount) % LINES_PER_FILE) + 1;
    const isOutdated = outdatedAt.has(i);
    const comments: NewThread['comments'] = [{ author: REVIEWERS[i % REVIEWERS.length], body: `Thread ${i}: please tidy up line ${line} of ${path}.` }];
    if (i === 1 && opts.longThread) {
      for (let c = 1; c < opts.longThread.comments; c++) {
        comments.push({ author: c % 2 === 1 ? 'octo-dev' : 'mona', body: `Reply ${c} on thread ${i}.` });
      }
    }
    threads.push(
      store.addThread(opts, {
        path,
        line: isOutdated ? null : line,
        originalLine: line,
        isOutdated,
        isResolved: resolvedAt.has(i),
        comments,
      }),
    );
  }
  return {
    pullRequest,
    threads,
    unresolved: threads.filter((t) => !t.isResolved),
    resolved: threads.filter((t) => t.isResolved),
    outdated: threads.filter((t) => !t.isResolved && t.isOutdated),
    longThread: opts.longThread ? threads[1] : undefined,
  };
}

export interface SmallPullRequestOptions {
  owner?: string;
  name?: string;
  number?: number;
  title?: string;
  headRefName?: string;
  author?: string;
  files?: Record<string, string>;
}

/** A pull request with no threads yet: `acme/app#1` on `feature/x` unless told otherwise. */
export function seedPullRequest(store: GitHubStore, opts: SmallPullRequestOptions = {}): StoredPullRequest {
  return store.addPullRequest(
    { owner: opts.owner ?? 'acme', name: opts.name ?? 'app' },
    {
      number: opts.number ?? 1,
      title: opts.title,
      headRefName: opts.headRefName ?? 'feature/x',
      author: opts.author,
      files: opts.files,
    },
  );
}

export interface SimpleThread {
  path: string;
  line: number | null;
  startLine?: number | null;
  body: string;
  author?: string | null;
  /** Further comments, as `[author, body]`. */
  replies?: [string | null, string][];
  isResolved?: boolean;
  isOutdated?: boolean;
  viewerCanResolve?: boolean;
  viewerCanReply?: boolean;
}

/** Adds one thread from a short description (author defaults to `mona`). */
export function addSimpleThread(store: GitHubStore, pr: StoredPullRequest, t: SimpleThread): StoredThread {
  return store.addThread(
    { owner: pr.repository.owner, name: pr.repository.name, number: pr.number },
    {
      path: t.path,
      line: t.line,
      startLine: t.startLine,
      isResolved: t.isResolved,
      isOutdated: t.isOutdated,
      viewerCanResolve: t.viewerCanResolve,
      viewerCanReply: t.viewerCanReply,
      comments: [
        { author: t.author === undefined ? 'mona' : t.author, body: t.body },
        ...(t.replies ?? []).map(([author, body]) => ({ author, body })),
      ],
    },
  );
}

/** A review comment body holding a GitHub suggestion block (no lines: delete the range). */
export function suggestionBody(lines: readonly string[], prose = 'Suggested change:'): string {
  return [prose, '', '```suggestion', ...lines, '```', ''].join('\n');
}

/** A file of `lines` distinct, numbered lines (newline-terminated). */
export function numberedFile(name: string, lines: number): string {
  return Array.from({ length: lines }, (_, i) => `export const ${name}_line${i + 1} = ${i + 1};\n`).join('');
}

/** `count` indices spread evenly over `0..length-1`, offset by `phase` of a step. */
function spread(count: number, length: number, phase: number): number[] {
  if (count <= 0 || length <= 0) return [];
  const step = length / count;
  return Array.from({ length: count }, (_, i) => Math.min(length - 1, Math.floor((i + phase) * step)));
}
