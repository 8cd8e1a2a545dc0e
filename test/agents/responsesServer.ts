// A scripted stand-in for the OpenAI Responses API, as `codex exec` uses it through a
// custom provider (wire_api = "responses"): POST {base}/responses answered with SSE
// (response.created, response.output_item.added/done, response.completed with usage).
//
// Codex 0.171 offers (with a model slug from its bundled catalog, e.g. gpt-5.5):
//   exec_command  function  {"cmd": "...", "workdir"?, ...}   runs a command in its sandbox
//   write_stdin   function  {"session_id": N, "chars": "..."}
//   apply_patch   custom (freeform, lark grammar): the input is the patch text itself,
//                 "*** Begin Patch\n*** Update File: a.txt\n@@\n-old\n+new\n*** End Patch\n"
//   view_image, request_user_input, get_goal/create_goal/update_goal, tool_search, web_search
// With an unknown model name it warns "Model metadata … not found" and offers no apply_patch.
import type { ServerResponse } from 'node:http';
import {
  estimateTokens, flatten, partsText, randomId, sendJson, sleep, startRecordingServer, startSse,
  type ChatMessage, type ModelRequest, type ModelServer, type RecordedRequest, type Script, type ToolResult,
  type Turn,
} from './scripted';

export interface ResponsesServerOptions {
  side?: Script;
  classify?: (body: Record<string, unknown>, headers: RecordedRequest['headers']) => 'main' | 'side';
}

type Item = Record<string, unknown>;

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) return partsText(output);
  if (output && typeof output === 'object') {
    const o = output as Record<string, unknown>;
    if ('content' in o) return outputText(o.content);
  }
  return output === undefined ? '' : JSON.stringify(output);
}

function parseArgs(args: unknown): unknown {
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

function toolNames(tools: unknown): string[] {
  const out: string[] = [];
  for (const t of (Array.isArray(tools) ? tools : []) as Item[]) {
    if (t.type === 'namespace' && Array.isArray(t.tools)) {
      for (const s of t.tools as Item[]) out.push(`${String(t.name)}.${String(s.name)}`);
    } else out.push(String(t.name ?? t.type));
  }
  return out;
}

/** The script's view of a Responses API request body. */
export function parseResponsesRequest(body: Record<string, unknown>, index: number, kind: 'main' | 'side', headers: RecordedRequest['headers']): ModelRequest {
  const systemParts: string[] = [];
  if (typeof body.instructions === 'string') systemParts.push(body.instructions);
  const names = new Map<string, string>();
  const messages: ChatMessage[] = [];
  const toolResults: ToolResult[] = [];
  const input = typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : body.input;
  for (const item of (Array.isArray(input) ? input : []) as Item[]) {
    const type = item.type ?? 'message';
    if (type === 'message') {
      const role = String(item.role) as ChatMessage['role'];
      const text = partsText(item.content);
      if (role === 'developer' || role === 'system') systemParts.push(text);
      messages.push({ role, text, toolCalls: [], toolResults: [] });
    } else if (type === 'function_call' || type === 'custom_tool_call') {
      const id = String(item.call_id);
      names.set(id, String(item.name));
      const call = { id, name: String(item.name), input: type === 'function_call' ? parseArgs(item.arguments) : item.input };
      messages.push({ role: 'assistant', text: '', toolCalls: [call], toolResults: [] });
    } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
      const id = String(item.call_id);
      const r: ToolResult = { id, name: names.get(id) ?? '', content: outputText(item.output) };
      toolResults.push(r);
      messages.push({ role: 'tool', text: '', toolCalls: [], toolResults: [r] });
    }
  }
  const system = systemParts.join('\n');
  const conversation = messages.filter((m) => m.role !== 'developer' && m.role !== 'system');
  return {
    index,
    kind,
    model: String(body.model ?? ''),
    system,
    messages,
    tools: toolNames(body.tools),
    toolResults,
    userText: messages.filter((m) => m.role === 'user').map((m) => m.text).filter(Boolean).join('\n'),
    text: flatten(system, conversation),
    headers,
    body,
  };
}

/** Default classifier: Codex marks its agent turns with request_kind "turn". */
export function classifyResponses(body: Record<string, unknown>, headers: RecordedRequest['headers']): 'main' | 'side' {
  const meta = headers['x-codex-turn-metadata'];
  if (typeof meta === 'string') {
    try {
      const kind = (JSON.parse(meta) as { request_kind?: string }).request_kind;
      if (kind) return kind === 'turn' ? 'main' : 'side';
    } catch {
      // fall through
    }
  }
  return Array.isArray(body.tools) && body.tools.length > 0 ? 'main' : 'side';
}

function outputItems(turn: Turn, body: Record<string, unknown>): Item[] {
  const custom = new Set(((Array.isArray(body.tools) ? body.tools : []) as Item[]).filter((t) => t.type === 'custom').map((t) => String(t.name)));
  const items: Item[] = [];
  if (turn.text) {
    items.push({
      type: 'message', id: randomId('msg_'), role: 'assistant', status: 'completed',
      content: [{ type: 'output_text', text: turn.text, annotations: [] }],
    });
  }
  for (const c of turn.toolCalls ?? []) {
    const callId = c.id ?? randomId('call_');
    if (custom.has(c.name)) {
      items.push({ type: 'custom_tool_call', id: randomId('ctc_'), status: 'completed', call_id: callId, name: c.name, input: typeof c.input === 'string' ? c.input : JSON.stringify(c.input) });
    } else {
      items.push({ type: 'function_call', id: randomId('fc_'), status: 'completed', call_id: callId, name: c.name, arguments: typeof c.input === 'string' ? c.input : JSON.stringify(c.input ?? {}) });
    }
  }
  return items;
}

function writeResponse(rec: RecordedRequest, res: ServerResponse, body: Record<string, unknown>, turn: Turn): void {
  const items = outputItems(turn, body);
  const inputTokens = turn.usage?.inputTokens ?? estimateTokens(rec.body);
  const outputTokens = turn.usage?.outputTokens ?? estimateTokens(JSON.stringify(items));
  const usage = {
    input_tokens: inputTokens, input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens, output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
  const id = randomId('resp_');
  const base = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), model: body.model };
  if (body.stream === false) {
    sendJson(rec, res, 200, { ...base, status: 'completed', output: items, usage });
    return;
  }
  const ev = startSse(rec, res);
  let seq = 0;
  const send = (event: string, data: Record<string, unknown>) => ev(event, { ...data, sequence_number: seq++ });
  send('response.created', { response: { ...base, status: 'in_progress', output: [] } });
  send('response.in_progress', { response: { ...base, status: 'in_progress', output: [] } });
  items.forEach((item, i) => {
    if (item.type === 'message') {
      send('response.output_item.added', { output_index: i, item: { ...item, status: 'in_progress', content: [] } });
      const text = String((item.content as Item[])[0].text);
      send('response.content_part.added', { output_index: i, item_id: item.id, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      send('response.output_text.delta', { output_index: i, item_id: item.id, content_index: 0, delta: text });
      send('response.output_text.done', { output_index: i, item_id: item.id, content_index: 0, text });
      send('response.content_part.done', { output_index: i, item_id: item.id, content_index: 0, part: { type: 'output_text', text, annotations: [] } });
    } else if (item.type === 'function_call') {
      send('response.output_item.added', { output_index: i, item: { ...item, status: 'in_progress', arguments: '' } });
      send('response.function_call_arguments.delta', { output_index: i, item_id: item.id, delta: item.arguments });
      send('response.function_call_arguments.done', { output_index: i, item_id: item.id, arguments: item.arguments });
    } else {
      send('response.output_item.added', { output_index: i, item: { ...item, status: 'in_progress', input: '' } });
      send('response.custom_tool_call_input.delta', { output_index: i, item_id: item.id, delta: item.input });
      send('response.custom_tool_call_input.done', { output_index: i, item_id: item.id, input: item.input });
    }
    send('response.output_item.done', { output_index: i, item });
  });
  send('response.completed', { response: { ...base, status: 'completed', output: items, usage } });
  res.end();
}

export async function startResponsesServer(script: Script, options: ResponsesServerOptions = {}): Promise<ModelServer> {
  const seen: ModelRequest[] = [];
  const scriptErrors: unknown[] = [];
  let sideCount = 0;
  const classify = options.classify ?? classifyResponses;
  const side: Script = options.side ?? (() => ({ text: 'OK' }));
  return startRecordingServer(async (rec, res, signal) => {
    const path = rec.url.split('?')[0].replace(/\/+$/, '');
    if (rec.method === 'GET' && path.endsWith('/models')) {
      sendJson(rec, res, 200, { object: 'list', data: [], models: [] });
      return;
    }
    if (rec.method !== 'POST' || !path.endsWith('/responses') || !rec.json) {
      sendJson(rec, res, 404, { error: { type: 'not_found', message: `scripted server: no ${rec.method} ${path}` } });
      return;
    }
    const body = rec.json;
    const kind = classify(body, rec.headers);
    rec.kind = kind;
    const req = parseResponsesRequest(body, kind === 'main' ? seen.length : sideCount++, kind, rec.headers);
    if (kind === 'main') seen.push(req);
    const turn = await (kind === 'main' ? script : side)(req);
    if (!(await sleep(turn.delayMs ?? 0, signal))) return;
    if (turn.error) {
      sendJson(rec, res, turn.error.status, { error: { type: turn.error.status === 400 ? 'invalid_request_error' : 'server_error', message: turn.error.message } });
      return;
    }
    writeResponse(rec, res, body, turn);
  }, { seen, scriptErrors });
}
