// What the scripted model servers (anthropicServer.ts, responsesServer.ts) share: the
// request a test's script sees, the turn it answers with, and the record of every HTTP
// request a server received.
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One tool call the model makes. `input` is the tool's arguments (an object), or the raw
 *  text of a freeform tool (Codex's `apply_patch`). `id` is made up when omitted. */
export interface ToolCall {
  name: string;
  input: unknown;
  id?: string;
}

/** A tool's result as the CLI sent it back to the model. */
export interface ToolResult {
  /** tool_use id (Anthropic) or call_id (Responses). */
  id: string;
  /** The name of the tool whose call this answers ('' when the call is not in the history). */
  name: string;
  /** The result's text (text parts joined with newlines). */
  content: string;
  /** Anthropic's is_error; for Responses, undefined (Codex does not flag failures). */
  isError?: boolean;
}

/** One message of the conversation, the same shape for both APIs. */
export interface ChatMessage {
  /** 'system' and 'developer' are instructions inside the conversation. */
  role: 'user' | 'assistant' | 'system' | 'developer' | 'tool';
  /** The message's text parts, joined with newlines. */
  text: string;
  toolCalls: ToolCall[];
  toolResults: ToolResult[];
}

/** What a script sees: one model request of the CLI's main agent conversation. */
export interface ModelRequest {
  /** Which request of the main conversation this is, from 0. */
  index: number;
  /** 'main' for the agent conversation; scripts see only those (see the servers' `side` option). */
  kind: 'main' | 'side';
  /** The model name the CLI asked for. */
  model: string;
  /** The system prompt: Anthropic's `system`, or Responses' `instructions` and developer messages. */
  system: string;
  messages: ChatMessage[];
  /** Names of the tools offered (namespaced tools as `namespace.name`). */
  tools: string[];
  /** Every tool result in the conversation, oldest first. */
  toolResults: ToolResult[];
  /** The user messages' text (the prompt and anything the CLI attached to it). */
  userText: string;
  /** The whole conversation flattened: system, messages, tool calls and results. */
  text: string;
  headers: IncomingHttpHeaders;
  /** The parsed request body. */
  body: Record<string, unknown>;
}

/** The model's answer to one request. */
export interface Turn {
  /** Final (or accompanying) text. */
  text?: string;
  /** Tool calls; when present the turn ends with stop_reason tool_use / function calls. */
  toolCalls?: ToolCall[];
  /** Wait this long before answering (the response's headers are held back too). */
  delayMs?: number;
  /** Answer with this HTTP error instead. The CLIs retry 429/5xx with backoff (prefer 400);
   *  Claude Code also resends a 400 several times with fewer beta headers, each a new request. */
  error?: { status: number; message: string };
  /** Reported usage; defaults are made up from the request's size. */
  usage?: { inputTokens?: number; outputTokens?: number };
}

export type Script = (req: ModelRequest) => Turn | Promise<Turn>;

/** Answers the turns in order, one per main request; past the end, repeats the last. */
export function scriptedTurns(...turns: Array<Turn | ((req: ModelRequest) => Turn)>): Script {
  return (req) => {
    const t = turns[Math.min(req.index, turns.length - 1)];
    return typeof t === 'function' ? t(req) : t;
  };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body as received (after nothing: the CLIs here do not compress requests). */
  body: string;
  json?: Record<string, unknown>;
  /** How the server classified it: main conversation, side request, or another endpoint. */
  kind: 'main' | 'side' | 'other';
  status?: number;
  /** The client went away before the answer was complete (a kill during delayMs). */
  aborted?: boolean;
  /** Epoch ms at which its body had arrived, and at which its answer ended (or the client went away). */
  receivedAt: number;
  endedAt?: number;
}

/**
 * The most requests of `kind` that were open at one moment (from arrival to the end of the
 * answer); one that ends as another arrives in the same millisecond is not counted with it.
 */
export function maxOpen(requests: readonly RecordedRequest[], kind: RecordedRequest['kind'] = 'main'): number {
  const edges = requests
    .filter((r) => r.kind === kind)
    .flatMap((r) => [{ at: r.receivedAt, d: 1 }, { at: r.endedAt ?? Number.POSITIVE_INFINITY, d: -1 }])
    .sort((a, b) => a.at - b.at || a.d - b.d);
  let open = 0;
  let most = 0;
  for (const e of edges) most = Math.max(most, (open += e.d));
  return most;
}

export interface ModelServer {
  /** Base URL, e.g. http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  readonly requests: RecordedRequest[];
  /** The main-conversation requests as the script saw them. */
  readonly seen: ModelRequest[];
  /** Errors thrown by the script (answered as HTTP 500 so the CLI does not hang). */
  readonly scriptErrors: unknown[];
  /** Whether `needle` occurs anywhere the server was sent: URL, header names and values, body. */
  saw(needle: string): boolean;
  close(): Promise<void>;
}

export type Handler = (
  rec: RecordedRequest,
  res: ServerResponse,
  signal: AbortSignal,
) => Promise<void>;

/** A loopback HTTP server that records each request and hands it to `handle`. */
export async function startRecordingServer(
  handle: Handler,
  extras: { seen: ModelRequest[]; scriptErrors: unknown[] },
): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const rec: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, kind: 'other', receivedAt: Date.now() };
      try {
        const parsed: unknown = body ? JSON.parse(body) : undefined;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) rec.json = parsed as Record<string, unknown>;
      } catch {
        // not JSON: kept as text
      }
      requests.push(rec);
      const ac = new AbortController();
      res.on('close', () => {
        rec.endedAt = Date.now();
        if (!res.writableFinished) {
          rec.aborted = true;
          ac.abort();
        }
      });
      handle(rec, res, ac.signal).catch((err: unknown) => {
        extras.scriptErrors.push(err);
        if (!res.headersSent && !res.destroyed) {
          sendJson(rec, res, 500, { type: 'error', error: { type: 'api_error', message: `scripted server: ${String(err)}` } });
        } else if (!res.destroyed) res.destroy();
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    seen: extras.seen,
    scriptErrors: extras.scriptErrors,
    saw(needle: string) {
      return requests.some((r) =>
        r.url.includes(needle) || r.body.includes(needle) || JSON.stringify(r.headers).includes(needle));
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}

export function sendJson(rec: RecordedRequest, res: ServerResponse, status: number, value: unknown): void {
  rec.status = status;
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts an SSE response; returns a writer of `event:`/`data:` frames. */
export function startSse(rec: RecordedRequest, res: ServerResponse): (event: string, data: Record<string, unknown>) => void {
  rec.status = 200;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  return (event, data) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  };
}

/** Resolves after `ms`, or at once (false) when the client goes away first. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (!ms) return Promise.resolve(true);
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const t = setTimeout(() => resolve(true), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve(false);
    }, { once: true });
  });
}

/** A rough token count, for usage numbers that grow with the request. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function randomId(prefix: string): string {
  return prefix + Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
}

/** The text of a content value that may be a string or a list of parts with `text`. */
export function partsText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p: unknown) => {
      if (typeof p === 'string') return p;
      if (p && typeof p === 'object') {
        const o = p as Record<string, unknown>;
        if (typeof o.text === 'string') return o.text;
        if (o.type === 'tool_result') return partsText(o.content);
      }
      return '';
    })
    .filter((s) => s !== '')
    .join('\n');
}

/** Flattens a conversation into one searchable text. */
export function flatten(system: string, messages: ChatMessage[]): string {
  const lines = [`[system] ${system}`];
  for (const m of messages) {
    if (m.text) lines.push(`[${m.role}] ${m.text}`);
    for (const c of m.toolCalls) lines.push(`[tool_call ${c.name}] ${typeof c.input === 'string' ? c.input : JSON.stringify(c.input)}`);
    for (const r of m.toolResults) lines.push(`[tool_result ${r.name}${r.isError ? ' error' : ''}] ${r.content}`);
  }
  return lines.join('\n');
}
