// The language-model fixer's port: what it needs from a chat model that can call tools. The
// extension implements it over `vscode.lm`; tests script it. No editor types here.

/** A tool the model may call, described for the model. */
export interface ChatToolSpec {
  /** `^[A-Za-z0-9_-]+$`, as every vendor accepts. */
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the tool's input object. */
  readonly inputSchema: object;
}

/** Text, in a message or streamed back. */
export interface ChatText {
  readonly kind: 'text';
  readonly text: string;
}

/** The model asks for a tool to be run. `input` is the model's: hostile, checked by the tool. */
export interface ChatToolCall {
  readonly kind: 'toolCall';
  readonly callId: string;
  readonly name: string;
  readonly input: unknown;
}

/** What a tool call gave back (its output, or why it was refused), for the next request. */
export interface ChatToolResult {
  readonly kind: 'toolResult';
  readonly callId: string;
  readonly text: string;
}

/** Token counts of one request, as the model (or its tokenizer) counts them. */
export interface ChatUsage {
  readonly kind: 'usage';
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

export type ChatMessage =
  | { readonly role: 'user'; readonly parts: readonly (ChatText | ChatToolResult)[] }
  | { readonly role: 'assistant'; readonly parts: readonly (ChatText | ChatToolCall)[] };

/** What a response streams: text and tool calls as they come, usage (when known) last. */
export type ChatResponsePart = ChatText | ChatToolCall | ChatUsage;

export interface ChatRequest {
  /** The whole conversation so far, oldest first; a tool call's result follows it in the next user message. */
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ChatToolSpec[];
  /** Aborts the request and its stream (timeout, halt, Stop). */
  readonly signal: AbortSignal;
}

/** A chat model that can call tools: the user's Copilot, any provider of the editor, a fake. */
export interface ChatModel {
  /** The model's name for confirmations, logs and reports: `GPT-4o (copilot/gpt-4o)`. */
  readonly label: string;
  /**
   * Sends one request and streams the answer.
   * @throws ChatModelError (while sending or streaming) when the model cannot or may not be
   *   used: no permission, blocked, gone, or the provider failed.
   * @throws CancellationError when `signal` aborts.
   */
  send(request: ChatRequest): AsyncIterable<ChatResponsePart>;
}
