import { ReviewThread } from '../../../src/model/thread';

let seq = 0;

/** A review thread with sensible defaults, for unit tests. */
export function makeThread(over: Partial<ReviewThread> & { body?: string } = {}): ReviewThread {
  seq++;
  const id = over.id ?? `PRRT_t${String(seq).padStart(4, '0')}`;
  const body = over.body ?? `comment ${seq}`;
  return {
    id,
    path: 'src/a.ts',
    line: 10,
    startLine: null,
    originalLine: 10,
    originalStartLine: null,
    isOutdated: false,
    isResolved: false,
    viewerCanResolve: true,
    viewerCanReply: true,
    url: `https://github.com/acme/widgets/pull/1#discussion_r${seq}`,
    comments: [{ id: `PRRC_${seq}`, author: 'alice', body, createdAt: '2026-01-01T00:00:00Z', url: 'u' }],
    ...over,
  };
}
