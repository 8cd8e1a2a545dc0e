import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describeFault, echoToken, FaultTable, type FaultSpec, type Faults } from './faults';
import { githubSchema } from './githubSchema';
import { parseRequest, runRequest, type GraphQLResponseJson, type ParsedRequest } from './graphqlRequest';
import { SecondaryLimits, type Refusal, type SecondaryLimitOptions } from './secondaryLimits';
import { BAD_CREDENTIALS, delay, FAULT_BODIES, GRAPHQL_DOCS, PRIMARY_RATE_LIMIT, RATE_LIMIT, readBody, requestToken, SECONDARY_RATE_LIMIT, untilGone } from './githubAnswers';
import { GitHubStore } from './store';

// The server plays a remote machine: tests that fake the clock for the code under test
// must not freeze its latency or its timestamps, so it keeps the real timer functions
// (its delays are in githubAnswers.ts).
const realNow = Date.now;

export interface TestGitHubOptions {
  /** The token clients must send; default `test-token`. */
  token?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Login of the authenticated user; default `octo-dev`. */
  viewerLogin?: string;
  /** Enforce GitHub's documented secondary rate limits from the start (default: not enforced). */
  secondaryLimits?: SecondaryLimitOptions;
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
  /**
   * Enforces GitHub's documented secondary rate limits from now on, with a fresh ledger
   * (`false`: stops enforcing). A refused request is answered 403 as GitHub does and not run.
   */
  enforceSecondaryLimits(options: SecondaryLimitOptions | false): void;
  /** Requests the secondary rate limits refused, oldest first. */
  readonly refusals: readonly Refusal[];
  /** Empties `requests`. */
  resetLog(): void;
  /** Stops listening and destroys every open socket; pending delays end at once. */
  close(): Promise<void>;
}

/**
 * Starts a GitHub-compatible GraphQL server on 127.0.0.1 that runs every request
 * against GitHub's public schema and an in-memory store.
 * @throws Error when the port cannot be bound or the schema package is missing.
 */
export async function startTestGitHub(opts: TestGitHubOptions = {}): Promise<TestGitHub> {
  githubSchema(); // built up front so that no request pays for it
  const server = new TestGitHubServer(opts.token ?? 'test-token', opts.viewerLogin ?? 'octo-dev');
  if (opts.secondaryLimits) server.enforceSecondaryLimits(opts.secondaryLimits);
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
  private _limits: SecondaryLimits | undefined;
  private readonly _refusals: Refusal[] = [];
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

  get refusals(): readonly Refusal[] {
    return this._refusals;
  }

  enforceSecondaryLimits(options: SecondaryLimitOptions | false): void {
    this._limits = options === false ? undefined : new SecondaryLimits(options);
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
        : { kind: 'invalid', topLevelFields: 0, fieldNames: [], query: '', variables: {}, badRequest: 'Not Found' };
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

    if (this._faults.latencyMs > 0 && !(await delay(this._closing.signal, this._faults.latencyMs))) return this._drop(req, record);
    const fault = this._faults.take(parsed.kind, parsed.operationName, parsed.topLevelFields);
    if (fault) {
      record.faulted = describeFault(fault);
      if (fault.delayMs && !(await delay(this._closing.signal, fault.delayMs))) return this._drop(req, record);
      if (fault.reset) return this._drop(req, record);
      const runFirst = () => {
        if (fault.afterExecute && this._authorized(req) && !parsed.badRequest) this._execute(parsed);
      };
      if (fault.hang) {
        runFirst();
        await untilGone(req, this._closing.signal);
        return this._drop(req, record);
      }
      const sent = requestToken(req);
      if (fault.graphqlErrors) {
        runFirst();
        return this._reply(res, record, 200, { data: null, errors: echoToken(fault.graphqlErrors, sent) });
      }
      if (fault.rawBody) return this._replyRaw(res, record, fault.status ?? 200, fault.rawBody.contentType, echoToken(fault.rawBody.text, sent));
      if (fault.status !== undefined || fault.rateLimitReset) {
        runFirst();
        this._answerFault(res, record, fault, sent);
        return;
      }
    }

    if (!this._authorized(req)) return this._reply(res, record, 401, BAD_CREDENTIALS);
    if (req.method !== 'POST') return this._reply(res, record, 404, { message: 'Not Found', documentation_url: GRAPHQL_DOCS });
    if (parsed.badRequest) return this._reply(res, record, 400, { message: parsed.badRequest, documentation_url: GRAPHQL_DOCS });
    if (this._limits && parsed.kind !== 'invalid') {
      const refusal = this._limits.admit({ kind: parsed.kind, operationName: parsed.operationName, fieldNames: parsed.fieldNames });
      if (refusal) {
        this._refusals.push(refusal);
        record.faulted = `secondary rate limit (${refusal.limit} ${refusal.window.limit}/${refusal.window.windowMs}ms)`;
        const headers: Record<string, string> = refusal.retryAfterSeconds === undefined ? {} : { 'retry-after': String(refusal.retryAfterSeconds) };
        return this._reply(res, record, refusal.status, SECONDARY_RATE_LIMIT, headers);
      }
    }
    const answer = this._execute(parsed);
    this._reply(res, record, 200, fault?.rewrite ? fault.rewrite(answer as { data?: unknown; errors?: unknown[] }) : answer);
  }

  private _execute(parsed: ParsedRequest): GraphQLResponseJson {
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

  private _answerFault(res: ServerResponse, record: RecordedRequest, f: FaultSpec, sentToken: string): void {
    const status = f.rateLimitReset ? 403 : (f.status ?? 500);
    const headers: Record<string, string> = {};
    if (f.retryAfter !== undefined) headers['retry-after'] = String(f.retryAfter);
    if (f.rateLimitReset) {
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-reset'] = String(Math.ceil(realNow() / 1000 + (f.retryAfter ?? 1)));
    }
    const body = f.body === undefined ? (f.rateLimitReset ? PRIMARY_RATE_LIMIT : FAULT_BODIES[status]) : echoToken(f.body, sentToken);
    this._reply(res, record, status, body, headers);
  }

  private _authorized(req: IncomingMessage): boolean {
    const sent = requestToken(req);
    return sent !== '' && sent === this.token;
  }

  private _reply(res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    record.status = status;
    this._send(res, status, body, headers);
  }

  private _replyRaw(res: ServerResponse, record: RecordedRequest, status: number, contentType: string, text: string): void {
    record.status = status;
    this._send(res, status, text, { 'content-type': contentType });
  }

  /** Sends `body` as JSON, or as is when it is a string (the headers then name its type). */
  private _send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
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


}
