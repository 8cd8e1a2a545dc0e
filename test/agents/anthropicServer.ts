// A scripted stand-in for the Anthropic Messages API, as Claude Code (`claude -p`) uses it:
// POST /v1/messages (streaming SSE or plain JSON), /v1/messages/count_tokens, /v1/models.
// The test's script answers each request of the main agent conversation; side requests
// (no tools offered: title, topic or quota checks) get a short text unless `side` says otherwise.
import type { ServerResponse } from 'node:http';
import {
  estimateTokens, flatten, partsText, randomId, sendJson, sleep, startRecordingServer, startSse,
  type ChatMessage, type ModelRequest, type ModelServer, type RecordedRequest, type Script, type ToolCall,
  type ToolResult, type Turn,
} from './scripted';

export interface AnthropicServerOptions {
  /** Answers side requests (default: the text "OK"). */
  side?: Script;
  /** Classifies a /v1/messages request; default: main when it offers tools. */
  classify?: (body: Record<string, unknown>) => 'main' | 'side';
}

type Block = Record<string, unknown> & { type?: string };

function blocks(content: unknown): Block[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content.filter((b) => b && typeof b === 'object') as Block[]) : [];
}

/** The script's view of a Messages API request body. */
export function parseAnthropicRequest(body: Record<string, unknown>, index: number, kind: 'main' | 'side', headers: RecordedRequest['headers']): ModelRequest {
  const system = partsText(body.system);
  const names = new Map<string, string>();
  const messages: ChatMessage[] = [];
  const toolResults: ToolResult[] = [];
  for (const m of (Array.isArray(body.messages) ? body.messages : []) as Array<Record<string, unknown>>) {
    const role = (m.role === 'assistant' || m.role === 'system' ? m.role : 'user') as ChatMessage['role'];
    const msg: ChatMessage = { role, text: '', toolCalls: [], toolResults: [] };
    const texts: string[] = [];
    for (const b of blocks(m.content)) {
      if (b.type === 'text' && typeof b.text === 'string') texts.push(b.text);
      else if (b.type === 'tool_use') {
        const call: ToolCall = { id: String(b.id), name: String(b.name), input: b.input };
        names.set(String(b.id), call.name);
        msg.toolCalls.push(call);
      } else if (b.type === 'tool_result') {
        const r: ToolResult = {
          id: String(b.tool_use_id),
          name: names.get(String(b.tool_use_id)) ?? '',
          content: partsText(b.content),
          isError: b.is_error === true,
        };
        msg.toolResults.push(r);
        toolResults.push(r);
      }
    }
    msg.text = texts.join('\n');
    messages.push(msg);
  }
  const tools = ((Array.isArray(body.tools) ? body.tools : []) as Array<Record<string, unknown>>).map((t) => String(t.name));
  return {
    index,
    kind,
    model: String(body.model ?? ''),
    system,
    messages,
    tools,
    toolResults,
    userText: messages.filter((m) => m.role === 'user').map((m) => m.text).filter(Boolean).join('\n'),
    text: flatten(system, messages),
    headers,
    body,
  };
}

interface OutBlock { type: 'text'; text: string } 
interface OutTool { type: 'tool_use'; id: string; name: string; input: unknown }

function answer(turn: Turn): Array<OutBlock | OutTool> {
  const out: Array<OutBlock | OutTool> = [];
  if (turn.text !== undefined && turn.text !== '') out.push({ type: 'text', text: turn.text });
  for (const c of turn.toolCalls ?? []) out.push({ type: 'tool_use', id: c.id ?? randomId('toolu_'), name: c.name, input: c.input ?? {} });
  if (out.length === 0) out.push({ type: 'text', text: '' });
  return out;
}

function usageOf(turn: Turn, rec: RecordedRequest, out: unknown): { input_tokens: number; output_tokens: number } {
  return {
    input_tokens: turn.usage?.inputTokens ?? estimateTokens(rec.body),
    output_tokens: turn.usage?.outputTokens ?? estimateTokens(JSON.stringify(out)),
  };
}

function writeMessage(rec: RecordedRequest, res: ServerResponse, body: Record<string, unknown>, turn: Turn): void {
  const content = answer(turn);
  const stopReason = content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  const usage = usageOf(turn, rec, content);
  const id = randomId('msg_');
  const model = String(body.model ?? 'claude-scripted');
  if (body.stream !== true) {
    sendJson(rec, res, 200, {
      id, type: 'message', role: 'assistant', model, content, stop_reason: stopReason, stop_sequence: null,
      usage: { ...usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    return;
  }
  const ev = startSse(rec, res);
  ev('message_start', {
    message: {
      id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null,
      usage: { input_tokens: usage.input_tokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  });
  ev('ping', {});
  content.forEach((b, index) => {
    if (b.type === 'text') {
      ev('content_block_start', { index, content_block: { type: 'text', text: '' } });
      // Two deltas, so that the CLI's accumulation is exercised.
      const half = Math.ceil(b.text.length / 2);
      for (const part of [b.text.slice(0, half), b.text.slice(half)]) {
        if (part) ev('content_block_delta', { index, delta: { type: 'text_delta', text: part } });
      }
    } else {
      ev('content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      const json = JSON.stringify(b.input);
      const half = Math.ceil(json.length / 2);
      for (const part of [json.slice(0, half), json.slice(half)]) {
        if (part) ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } });
      }
    }
    ev('content_block_stop', { index });
  });
  ev('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  ev('message_stop', {});
  res.end();
}

/** Default classifier: the agent loop always offers tools; side requests offer none. */
export function classifyAnthropic(body: Record<string, unknown>): 'main' | 'side' {
  return Array.isArray(body.tools) && body.tools.length > 0 ? 'main' : 'side';
}

export async function startAnthropicServer(script: Script, options: AnthropicServerOptions = {}): Promise<ModelServer> {
  const seen: ModelRequest[] = [];
  const scriptErrors: unknown[] = [];
  let sideCount = 0;
  const classify = options.classify ?? classifyAnthropic;
  const side: Script = options.side ?? (() => ({ text: 'OK' }));
  return startRecordingServer(async (rec, res, signal) => {
    const path = rec.url.split('?')[0].replace(/\/+$/, '');
    if (rec.method === 'POST' && path.endsWith('/v1/messages/count_tokens')) {
      sendJson(rec, res, 200, { input_tokens: estimateTokens(rec.body) });
      return;
    }
    if (rec.method === 'GET' && path.endsWith('/v1/models')) {
      sendJson(rec, res, 200, { data: [], has_more: false, first_id: null, last_id: null });
      return;
    }
    if (rec.method !== 'POST' || !path.endsWith('/v1/messages') || !rec.json) {
      sendJson(rec, res, 404, { type: 'error', error: { type: 'not_found_error', message: `scripted server: no ${rec.method} ${path}` } });
      return;
    }
    const body = rec.json;
    const kind = classify(body);
    rec.kind = kind;
    const req = parseAnthropicRequest(body, kind === 'main' ? seen.length : sideCount++, kind, rec.headers);
    if (kind === 'main') seen.push(req);
    const turn = await (kind === 'main' ? script : side)(req);
    if (!(await sleep(turn.delayMs ?? 0, signal))) return;
    if (turn.error) {
      sendJson(rec, res, turn.error.status, { type: 'error', error: { type: turn.error.status === 400 ? 'invalid_request_error' : 'api_error', message: turn.error.message } });
      return;
    }
    writeMessage(rec, res, body, turn);
  }, { seen, scriptErrors });
}
