import { ReviewThread } from './thread';

/** One comment in the thread JSON. */
export interface CommentJson {
  readonly id: string;
  readonly author: string;
  readonly body: string;
  readonly createdAt: string;
  readonly url: string;
}

/**
 * A thread as `prt threads --json` prints it and as a job's command reads it on stdin
 * (SPEC §3); `author` and `body` are the first comment's.
 */
export interface ThreadJson {
  readonly id: string;
  readonly path: string;
  readonly line: number | null;
  readonly startLine: number | null;
  readonly isOutdated: boolean;
  readonly isResolved: boolean;
  readonly viewerCanResolve: boolean;
  readonly url: string;
  readonly author: string;
  readonly body: string;
  readonly comments: readonly CommentJson[];
}

/** Shapes a thread into its public JSON form; fields are copied, never interpreted. */
export function threadToJson(thread: ReviewThread): ThreadJson {
  const first = thread.comments[0];
  return {
    id: thread.id,
    path: thread.path,
    line: thread.line,
    startLine: thread.startLine,
    isOutdated: thread.isOutdated,
    isResolved: thread.isResolved,
    viewerCanResolve: thread.viewerCanResolve,
    url: thread.url,
    // GitHub shows a deleted account as `ghost`; a thread without comments is shown the same way.
    author: first?.author ?? 'ghost',
    body: first?.body ?? '',
    comments: thread.comments.map((c) => ({
      id: c.id,
      author: c.author,
      body: c.body,
      createdAt: c.createdAt,
      url: c.url,
    })),
  };
}
