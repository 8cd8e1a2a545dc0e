import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describeFault, FaultTable, type FaultSpec, type Faults } from './faults';
import { githubSchema } from './githubSchema';
import { parseRequest, runRequest, type ParsedRequest } from './graphqlRequest';
import { GitHubStore } from './store';

// The server plays a remote machine: tests that fake the clock for the code under test
// must not freeze its latency or its timestamps, so it keeps the real timer functions.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realNow = Date.now;

export interface TestGitHubOptions {
  /** The token clients must send; default `test-token`. */
  token?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Login of the authenticated user; default `octo-dev`. */
  viewerLogin?: string;
}

/** One HTTP request that reached the GraphQL endpoint. */
export interface RecordedRequest {
  operationName?: string;
  /** `invalid` when the body is not JSON, not a request, or names no query or mutation. */
  kind: 'query' | 'mutation' | 'invalid';
  /** HTTP status answered; 0 while in flight and for a reset connection. */
  status: number;
  /** Fields (aliases counted separately) in the operation's top-level selection. */
  topLevelFields: number;
  query: string;
  variables: Record<string, unknown>;
  /** Description of the injected fault that handled it, if any. */
  faulted?: string;
  /** Epoch ms at which its body had arrived. */
  at: number;
}

/** A running test GitHub. */
export interface TestGitHub {
  /** The GraphQL endpoint, `http://127.0.0.1:PORT/graphql` (`/api/graphql` works too, as on GHES). */
  readonly url: string;
  readonly token: string;
  readonly store: GitHubStore;
  /** Every request that reached the endpoint, in arrival order (faulted and 401 ones included). */
  readonly requests: RecordedRequest[];
  readonly faults: Faults;
  /** Empties `requests`. */
  resetLog(): void;
  /** Stops listening and destroys every open socket; pending delays end at once. */
  close(): Promise<void>;
}

const RATE_LIMIT = 5000;
const GRAPHQL_DOCS = 'https://docs.github.com/graphql';
const BAD_CREDENTIALS = { message: 'Bad credentials', documentation_url: GRAPHQL_DOCS };
const SECONDARY_RATE_LIMIT = {
  message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url: 'https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#secondary-rate-limits',
};
const PRIMARY_RATE_LIMIT = {
  message: 'API rate limit exceeded for user ID 1.',
  documentation_url: 'https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#primary-rate-limit',
};
const FAULT_BODIES: Record<number, unknown> = {
  401: BAD_CREDENTIALS,
  403: SECONDARY_RATE_LIMIT,
  429: SECONDARY_RATE_LIMIT,
  500: { message: 'Server Error' },
  502: { message: 'Server Error' },
  504: {
    message: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
  },
};

/**
 * Starts a GitHub-compatible GraphQL server on 127.0.0.1 that runs every request
 * against GitHub's public schema and an in-memory store.
 * @throws Error when the port cannot be bound or the schema package is missing.
 */
export async function startTestGitHub(opts: TestGitHubOptions = {}): Promise<TestGitHub> {
  githubSchema(); // built up front so that no request pays for it
  const server = new TestGitHubServer(opts.token ?? 'test-token', opts.viewerLogin ?? 'octo-dev');
  await server.listen(opts.port ?? 0);
  return server;
}

class TestGitHubServer implements TestGitHub {
  readonly store = new GitHubStore();
  readonly requests: RecordedRequest[] = [];
  private readonly _faults = new FaultTable();
  private readonly _server: Server;
  private readonly _sockets = new Set<Socket>();
  private readonly _closing = new AbortController();
  private readonly _resetAt = Math.ceil(realNow() / 1000) + 3600;
  private _used = 0;
  private _url = '';
  private _closed: Promise<void> | undefined;

  constructor(
    readonly token: string,
    private readonly _viewerLogin: string,
  ) {
    this._server = createServer((req, res) => {
      this._handle(req, res).catch((e: unknown) => this._fail(res, e));
    });
    this._server.on('connection', (s) => {
      this._sockets.add(s);
      s.once('close', () => this._sockets.delete(s));
    });
  }

  get url(): string {
    return this._url;
  }

  get faults(): Faults {
    return this._faults;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this._server.once('error', reject);
      this._server.listen(port, '127.0.0.1', () => {
        this._server.off('error', reject);
        this._url = `http://127.0.0.1:${(this._server.address() as AddressInfo).port}/graphql`;
        resolve();
      });
    });
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  close(): Promise<void> {
    this._closed ??= new Promise((resolve) => {
      this._closing.abort();
      this._server.close(() => resolve());
      this._server.closeAllConnections();
      for (const s of this._sockets) s.destroy();
    });
    return this._closed;
  }

  private async _handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/graphql' && path !== '/api/graphql') {
      req.resume();
      this._send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    const text = await readBody(req);
    const parsed: ParsedRequest =
      req.method === 'POST'
        ? parseRequest(text)
        : { kind: 'invalid', topLevelFields: 0, query: '', variables: {}, badRequest: 'Not Found' };
    const record: RecordedRequest = {
      kind: parsed.kind,
      status: 0,
      topLevelFields: parsed.topLevelFields,
      query: parsed.query,
      variables: parsed.variables,
      at: realNow(),
    };
    if (parsed.operationName !== undefined) record.operationName = parsed.operationName;
    this.requests.push(record);
    this._used++;

    if (this._faults.latencyMs > 0 && !(await this._delay(this._faults.latencyMs))) return this._drop(req, record);
    const fault = this._faults.take(parsed.kind, parsed.operationName, parsed.topLevelFields);
    if (fault) {
      record.faulted = describeFault(fault);
      if (fault.delayMs && !(await this._delay(fault.delayMs))) return this._drop(req, record);
      if (fault.reset) return this._drop(req, record);
      if (fault.status !== undefined || fault.rateLimitReset) {
        if (fault.afterExecute && this._authorized(req) && !parsed.badRequest) this._execute(parsed);
        this._answerFault(res, record, fault);
        return;
      }
    }

    if (!this._authorized(req)) return this._reply(res, record, 401, BAD_CREDENTIALS);
    if (req.method !== 'POST') return this._reply(res, record, 404, { message: 'Not Found', documentation_url: GRAPHQL_DOCS });
    if (parsed.badRequest) return this._reply(res, record, 400, { message: parsed.badRequest, documentation_url: GRAPHQL_DOCS });
    this._reply(res, record, 200, this._execute(parsed));
  }

  private _execute(parsed: ParsedRequest): unknown {
    return runRequest(parsed, {
      store: this.store,
      viewerLogin: this._viewerLogin,
      threadFailure: (id) => this._faults.threadFailure(id),
      rateLimit: {
        limit: RATE_LIMIT,
        remaining: Math.max(0, RATE_LIMIT - this._used),
        used: this._used,
        resetAt: new Date(this._resetAt * 1000).toISOString().replace('.000Z', 'Z'),
      },
    });
  }

  private _answerFault(res: ServerResponse, record: RecordedRequest, f: FaultSpec): void {
    const status = f.rateLimitReset ? 403 : (f.status ?? 500);
    const headers: Record<string, string> = {};
    if (f.retryAfter !== undefined) headers['retry-after'] = String(f.retryAfter);
    if (f.rateLimitReset) {
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-reset'] = String(Math.ceil(realNow() / 1000 + (f.retryAfter ?? 1)));
    }
    const body = f.body ?? (f.rateLimitReset ? PRIMARY_RATE_LIMIT : FAULT_BODIES[status]);
    this._reply(res, record, status, body, headers);
  }

  private _authorized(req: IncomingMessage): boolean {
    const m = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return m !== null && m[1] === this.token;
  }

  private _reply(res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    record.status = status;
    this._send(res, status, body, headers);
  }

  private _send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-github-media-type': 'github.v4; format=json',
      'x-github-request-id': `TEST:${this._used.toString(16).toUpperCase()}`,
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - this._used)),
      'x-ratelimit-used': String(this._used),
      'x-ratelimit-reset': String(this._resetAt),
      'x-ratelimit-resource': 'graphql',
      ...headers,
    });
    res.end(text);
  }

  /** Ends a request with no answer, as a reset connection or a closing server does. */
  private _drop(req: IncomingMessage, record: RecordedRequest): void {
    record.status = 0;
    req.socket.destroy();
  }

  /** A bug in the server itself: answered as a 500 that names it, never hidden. */
  private _fail(res: ServerResponse, e: unknown): void {
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    this._send(res, 500, { message: `test GitHub failed: ${message}` });
  }

  /** Waits `ms`; false when the server closed meanwhile. */
  private _delay(ms: number): Promise<boolean> {
    const signal = this._closing.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        realClearTimeout(timer);
        resolve(false);
      };
      const timer = realSetTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
