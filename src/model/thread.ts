/** One comment of a review thread. */
export interface Comment {
  readonly id: string;
  /** Login of the author; `ghost` when the account is gone. */
  readonly author: string;
  readonly body: string;
  readonly createdAt: string;
  readonly url: string;
}

/** A pull request review thread as the core sees it (thread text is untrusted input). */
export interface ReviewThread {
  /** GraphQL node id, `PRRT_…`. */
  readonly id: string;
  /** Repository-relative path as GitHub reports it; never trusted to stay inside the repo. */
  readonly path: string;
  /** Last line of the commented range in the current diff; null when outdated. */
  readonly line: number | null;
  /** First line of a multi-line range; null for a single line. */
  readonly startLine: number | null;
  /** Line in the diff the comment was first made on (kept for outdated threads). */
  readonly originalLine: number | null;
  readonly originalStartLine: number | null;
  readonly isOutdated: boolean;
  readonly isResolved: boolean;
  readonly viewerCanResolve: boolean;
  readonly viewerCanReply: boolean;
  /** URL of the first comment (GitHub has no thread URL). */
  readonly url: string;
  /** All comments, oldest first. */
  readonly comments: readonly Comment[];
  /** The first comment's diff hunk (unified diff text ending at the commented line). */
  readonly diffHunk?: string;
  /** Side of the diff the thread is on: RIGHT (the PR's version) or LEFT (the base). */
  readonly diffSide?: 'LEFT' | 'RIGHT';
}

/** The line a thread is shown at: its current line, else the original one (outdated). */
export function displayLine(t: ReviewThread): number | null {
  return t.line ?? t.originalLine;
}

/** First line of the thread's first comment, trimmed, for one-line displays. */
export function firstLine(t: ReviewThread): string {
  const body = t.comments[0]?.body ?? '';
  const line = body.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line;
}

/**
 * Where a thread is, for every front end: `path:line`, or `path:start-end` for a range,
 * with the original lines for outdated threads; the bare path when it has no line.
 */
export function threadLocation(t: ReviewThread): string {
  const line = displayLine(t);
  if (line === null) return t.path;
  const start = t.line === null ? t.originalStartLine : t.startLine;
  return start !== null && start !== line ? `${t.path}:${start}-${line}` : `${t.path}:${line}`;
}

/** The author of the thread's first comment; `ghost` when the account or the comment is gone. */
export function threadAuthor(t: ReviewThread): string {
  return t.comments[0]?.author ?? 'ghost';
}

