// What the test GitHub answers besides GraphQL results: GitHub's own error bodies, and the
// small HTTP helpers the server uses.
import type { IncomingMessage } from 'node:http';

// Taken when the module loads, so that a test faking the global timers freezes nothing here.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

export const RATE_LIMIT = 5000;
export const GRAPHQL_DOCS = 'https://docs.github.com/graphql';
export const BAD_CREDENTIALS = { message: 'Bad credentials', documentation_url: GRAPHQL_DOCS };
export const SECONDARY_RATE_LIMIT = {
  message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url: 'https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#secondary-rate-limits',
};
export const PRIMARY_RATE_LIMIT = {
  message: 'API rate limit exceeded for user ID 1.',
  documentation_url: 'https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#primary-rate-limit',
};
export const FAULT_BODIES: Record<number, unknown> = {
  401: BAD_CREDENTIALS,
  403: SECONDARY_RATE_LIMIT,
  429: SECONDARY_RATE_LIMIT,
  500: { message: 'Server Error' },
  502: { message: 'Server Error' },
  504: {
    message: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
  },
};

/** The token the request carried ('' when none), for faults that echo it. */
export function requestToken(req: IncomingMessage): string {
  return /^(?:bearer|token)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Waits `ms`; false when `closing` aborted meanwhile. */
export function delay(closing: AbortSignal, ms: number): Promise<boolean> {
  if (closing.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      realClearTimeout(timer);
      resolve(false);
    };
    const timer = realSetTimeout(() => {
      closing.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    closing.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits until the client gives up on the request (its socket closes) or `closing` aborts. */
export function untilGone(req: IncomingMessage, closing: AbortSignal): Promise<void> {
  if (closing.aborted || req.socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      closing.removeEventListener('abort', done);
      req.socket.off('close', done);
      resolve();
    };
    closing.addEventListener('abort', done, { once: true });
    req.socket.once('close', done);
  });
}
